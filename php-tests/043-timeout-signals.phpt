--TEST--
Signals do not stretch timeouts: SIGUSR1 every 50 ms (pcntl_async_signals) for 20 s; an emit with timeout 1 against a silent server still ends after about 1 s
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
pcntl_async_signals(true);
$signals = 0;
pcntl_signal(SIGUSR1, function () use (&$signals) { $signals++; });

$silent = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);

// A child that signals us every 50 ms for 20 s (far longer than any bound below).
$storm = proc_open(['bash', '-c', 'for i in $(seq 400); do kill -USR1 "$1" || exit; sleep 0.05; done', 'storm', (string) getmypid()], [], $pipes);
for ($i = 0; $i < 500 && $signals < 3; $i++) {
    usleep(10000);
}
echo $signals >= 3 ? "signals arriving\n" : "no signals\n";

function timed(callable $f): string
{
    $t = microtime(true);
    try {
        $f();
        return 'no exception';
    } catch (SocketIO\ConnectionException $e) {
        $took = microtime(true) - $t;
        return sprintf('%s code %d, %s', get_class($e), $e->getCode(), $took >= 0.9 && $took < 8 ? 'bounded' : "took {$took}s");
    }
}

echo 'emit: ', timed(fn () => (new SocketIO\Emitter("redis://127.0.0.1:$port", ['timeout' => 1, 'backoff' => 0]))->emit('x')), "\n";
// AUTH that gets no answer: bounded by connect_timeout, not by the (long) timeout.
echo 'auth: ', timed(fn () => (new SocketIO\Emitter("redis://:pw@127.0.0.1:$port", ['connect_timeout' => 1, 'timeout' => 60, 'backoff' => 0]))->emit('x')), "\n";
// The storm outlasted both emits: they ended by their own bounds, not when the signals stopped.
var_dump(proc_get_status($storm)['running']);
proc_terminate($storm);
proc_close($storm);
?>
--EXPECT--
signals arriving
emit: SocketIO\TimeoutException code 10, bounded
auth: SocketIO\ConnectionException code 4, bounded
bool(true)
