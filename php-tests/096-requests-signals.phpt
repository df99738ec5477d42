--TEST--
Signals do not stretch the wait for answers: SIGUSR1 every 50 ms (pcntl_async_signals) while fetchSockets() and emitWithAck() wait 1 s for a server that never answers; each still ends with its TimeoutException after about 1 s, and the handlers ran; against a Redis that never replies, timeout() bounds the count too
--EXTENSIONS--
socketio
pcntl
--FILE--
<?php
require __DIR__ . '/_helpers.php';
pcntl_async_signals(true);
$signals = 0;
pcntl_signal(SIGUSR1, function () use (&$signals) { $signals++; });

// A stand-in server: counted by NUMSUB, never answers.
$server = new RespConnection();
$server->call('SUBSCRIBE', 'socket.io-request#/#');
$io = new SocketIO\Emitter(socketio_test_url());

$storm = proc_open(['bash', '-c', 'for i in $(seq 400); do kill -USR1 "$1" || exit; sleep 0.05; done', 'storm', (string) getmypid()], [], $pipes);
for ($i = 0; $i < 500 && $signals < 3; $i++) {
    usleep(10000);
}
echo $signals >= 3 ? "signals arriving\n" : "no signals\n";

function timed(callable $f): string
{
    global $signals;
    $before = $signals;
    $t = microtime(true);
    try {
        $f();
        return 'no exception';
    } catch (SocketIO\TimeoutException $e) {
        $took = microtime(true) - $t;
        return sprintf('%s, %s, %s', $e->getMessage(), $took >= 0.9 && $took < 8 ? 'bounded' : "took {$took}s", $signals - $before >= 5 ? 'handlers ran' : 'no signal handled');
    }
}

echo timed(fn () => $io->timeout(1)->fetchSockets()), "\n";
echo timed(fn () => $io->to('r')->timeout(1)->emitWithAck('e')), "\n";
// A Redis that never replies: timeout() bounds the count too (the connection's own timeouts,
// 30 s here, are shrunk to fit), and nothing was sent.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);
$mute = new SocketIO\Emitter("redis://127.0.0.1:$port", ['timeout' => 30, 'connect_timeout' => 30, 'backoff' => 0]);
$t = microtime(true);
try {
    $mute->timeout(1)->fetchSockets();
} catch (SocketIO\ConnectionException $e) {
    $took = microtime(true) - $t;
    echo get_class($e), ' ', $e->getCode(), ': ', $e->getMessage(), ', ', $took < 8 ? 'bounded' : "took {$took}s", "\n";
}
var_dump(proc_get_status($storm)['running']);
proc_terminate($storm);
proc_close($storm);
?>
--EXPECTF--
signals arriving
fetchSockets(): timed out after 1s: 0 of 1 server answered, bounded, handlers ran
emitWithAck(): timed out after 1s: 0 of 0 client acknowledgements; 0 of 1 server sent their client count, bounded, handlers ran
SocketIO\ConnectionException 10: fetchSockets(): could not count the servers, nothing was sent: no reply from redis://127.0.0.1:%d within %fs, bounded
bool(true)
