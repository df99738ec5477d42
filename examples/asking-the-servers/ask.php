<?php
// The README's "Asking the servers" example, run by e2e/test/requests-readme.test.mjs against
// the official Socket.IO servers (REDIS_URL: their Redis). Prints what it got as JSON last.
$io = new SocketIO\Emitter(getenv('REDIS_URL') ?: 'redis://127.0.0.1:6379');

// #region asking
// Is user 42 online? Every socket in the room "user:42", on every server.
$sockets = $io->in('user:42')->fetchSockets();
$online = $sockets !== [];
foreach ($sockets as $socket) {
    echo $socket['id'], ' ', $socket['handshake']['address'], ' ', json_encode($socket['rooms']), "\n";
}

// Tell every server to flush a cache, and wait until each one did: one answer per server.
$answers = $io->timeout(2)->serverSideEmitWithAck('flush-cache', 'users');

// Ask the open admin pages to confirm; a page that does not answer within 3 s is left out.
try {
    $acks = $io->to('admins')->timeout(3)->emitWithAck('confirm', 'deploy #7');
} catch (SocketIO\TimeoutException $e) {
    $acks = $e->getPartialResults();        // the acks that came in time
    $missing = $e->getExpectedCount() - count($acks);
}
// #endregion

echo json_encode(['online' => $online, 'sockets' => count($sockets), 'answers' => $answers, 'acks' => $acks, 'missing' => $missing ?? 0]), "\n";
