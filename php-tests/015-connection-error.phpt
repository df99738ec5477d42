--TEST--
Redis down (closed port): every publishing method throws ConnectionException, without the password; backoff fails fast
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$port = socketio_test_closed_port();
$io = new SocketIO\Emitter("redis://alice:Pw0rd-S3CR3T@127.0.0.1:$port", ['connect_timeout' => 0.5, 'backoff' => 30]);

$calls = [
    'emit' => fn () => $io->emit('x', 1),
    'to()->emit' => fn () => $io->to('r')->emit('x'),
    'socketsJoin' => fn () => $io->socketsJoin('r'),
    'socketsLeave' => fn () => $io->except('r')->socketsLeave('r'),
    'disconnectSockets' => fn () => $io->disconnectSockets(true),
    'serverSideEmit' => fn () => $io->serverSideEmit('x'),
    'other Emitter, same URL' => fn () => (new SocketIO\Emitter("redis://alice:Pw0rd-S3CR3T@127.0.0.1:$port"))->emit('x'),
];
// The first call tries to connect; the others, on any Emitter with that URL, fail at once
// during the backoff instead of waiting for connect_timeout again, and say so.
foreach ($calls as $name => $call) {
    try {
        $r = $call();
        echo "$name: returned ", var_export($r, true), "\n";
    } catch (SocketIO\ConnectionException $e) {
        $m = $e->getMessage();
        echo "$name: ", get_class($e), ': ', str_replace((string) $port, 'PORT', $m), "\n";
        if (str_contains($m, 'S3CR3T') || str_contains($m, 'Pw0rd')) {
            echo "  PASSWORD LEAKED\n";
        }
    }
}

// backoff 0: every call tries again, and fails the same way.
$io2 = new SocketIO\Emitter("redis://127.0.0.1:$port", ['connect_timeout' => 0.5, 'backoff' => 0]);
foreach ([1, 2] as $i) {
    try {
        $io2->emit('x');
    } catch (SocketIO\ConnectionException $e) {
        echo "no backoff $i: ", str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
    }
}
?>
--EXPECTF--
emit: SocketIO\ConnectionException: could not connect to redis://alice@127.0.0.1:PORT: %s
to()->emit: SocketIO\ConnectionException: not connecting to redis://alice@127.0.0.1:PORT: the last attempt failed %ss ago (backoff 30s): %s
socketsJoin: SocketIO\ConnectionException: not connecting to redis://alice@127.0.0.1:PORT: the last attempt failed %ss ago (backoff 30s): %s
socketsLeave: SocketIO\ConnectionException: not connecting to redis://alice@127.0.0.1:PORT: the last attempt failed %ss ago (backoff 30s): %s
disconnectSockets: SocketIO\ConnectionException: not connecting to redis://alice@127.0.0.1:PORT: the last attempt failed %ss ago (backoff 30s): %s
serverSideEmit: SocketIO\ConnectionException: not connecting to redis://alice@127.0.0.1:PORT: the last attempt failed %ss ago (backoff 30s): %s
other Emitter, same URL: SocketIO\ConnectionException: not connecting to redis://alice@127.0.0.1:PORT: the last attempt failed %ss ago (backoff 1s): %s
no backoff 1: could not connect to redis://127.0.0.1:PORT: %s
no backoff 2: could not connect to redis://127.0.0.1:PORT: %s
