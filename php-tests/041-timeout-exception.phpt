--TEST--
TimeoutException: Redis busy for 2 s (DEBUG SLEEP), timeout 0.5 s: the emit throws TimeoutException (code TIMEOUT) and the event is delivered later, once
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$url = socketio_test_url();
$p = parse_url($url);
$spy = new RedisSpy();
$io = new SocketIO\Emitter($url, ['timeout' => 0.5]);
var_dump($io->emit('before') >= 1);
echo $spy->next()[0], "\n";

// A child keeps Redis busy for 2 s; commands queue behind it. DEBUG SLEEP rather than a Lua loop
// on TIME: from Redis 8 and Valkey 9 on, TIME is frozen inside a script, so the loop would run
// into the 5 s busy-script threshold, where the server answers -BUSY instead of running commands.
$busy = proc_open([PHP_BINARY, '-n', '-r', '
    $c = stream_socket_client("tcp://" . $argv[1], $e, $m, 5);
    fwrite($c, "*3\r\n\$5\r\nDEBUG\r\n\$5\r\nSLEEP\r\n\$1\r\n2\r\n");
    echo fgets($c);
', "{$p['host']}:{$p['port']}"], [1 => ['pipe', 'w']], $pipes);

// Busy once a PING gets no answer within 0.3 s (an idle Redis answers in microseconds).
for ($i = 0; $i < 200; $i++) {
    $probe = stream_socket_client("tcp://{$p['host']}:{$p['port']}", $e, $m, 2);
    stream_set_timeout($probe, 0, 300000);
    fwrite($probe, "PING\r\n");
    $answer = fgets($probe);
    fclose($probe);
    if ($answer === false) {
        break;
    }
    usleep(10000);
}

try {
    $io->emit('during', 'x');
    echo "no exception\n";
} catch (SocketIO\ConnectionException $e) {
    echo get_class($e), ' code=', $e->getCode() === SocketIO\ConnectionException::TIMEOUT ? 'TIMEOUT' : $e->getCode(), "\n";
    echo str_replace($url, 'URL', $e->getMessage()), "\n";
}
echo 'sleep: ', trim(fgets($pipes[1])), "\n";
proc_close($busy);

// Delivered after the sleep, exactly once.
$m = $spy->next(10.0);
var_dump($m !== null && str_contains($m[1], 'during'));
var_dump($io->emit('after') >= 1);
$m = $spy->next(10.0);
var_dump($m !== null && str_contains($m[1], 'after'));
var_dump($spy->next(0.3));
?>
--EXPECT--
bool(true)
socket.io#/#
SocketIO\TimeoutException code=TIMEOUT
no reply from URL within 0.5s: the event may still be delivered (Redis may have received it)
sleep: +OK
bool(true)
bool(true)
bool(true)
NULL
