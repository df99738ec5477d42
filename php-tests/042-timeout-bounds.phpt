--TEST--
Timeouts: any positive value is a bound (1e-10 ends), 0 means no limit; tcp_keepalive and idle_timeout are validated options and php.ini settings
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$silent = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);

foreach ([['timeout' => 1e-10], ['timeout' => '1e-10'], ['timeout' => 1e-10, 'connect_timeout' => 1e-10]] as $o) {
    try {
        (new SocketIO\Emitter("redis://127.0.0.1:$port", $o + ['backoff' => 0]))->emit('x');
        echo "no exception\n";
    } catch (SocketIO\ConnectionException $e) {
        echo get_class($e), ' ', $e->getCode(), ': ', str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
    }
}
try {
    (new SocketIO\Emitter("redis://:pw@127.0.0.1:$port", ['connect_timeout' => 1e-10, 'timeout' => 60, 'backoff' => 0]))->emit('x');
} catch (SocketIO\ConnectionException $e) {
    echo get_class($e), ' ', $e->getCode(), "\n";
}

// 0 = no limit: a working server answers as usual.
$io = new SocketIO\Emitter(socketio_test_url(), ['timeout' => 0, 'connect_timeout' => 0, 'tcp_keepalive' => 0, 'idle_timeout' => 0]);
var_dump(is_int($io->emit('x')));
$io = new SocketIO\Emitter(socketio_test_url(), ['tcp_keepalive' => 30, 'idle_timeout' => 0.5]);
var_dump(is_int($io->emit('x')));

foreach (['tcp_keepalive' => -1, 'idle_timeout' => 'soon'] as $k => $v) {
    try {
        new SocketIO\Emitter(socketio_test_url(), [$k => $v]);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
var_dump(ini_get('socketio.tcp_keepalive'), ini_get('socketio.idle_timeout'));
var_dump(@ini_set('socketio.idle_timeout', '-5'), ini_set('socketio.idle_timeout', '10'), ini_get('socketio.idle_timeout'));
?>
--EXPECTF--
SocketIO\TimeoutException 10: no reply from redis://127.0.0.1:PORT within 0.000000001s: the event may still be delivered (Redis may have received it)
SocketIO\TimeoutException 10: no reply from redis://127.0.0.1:PORT within 0.000000001s: the event may still be delivered (Redis may have received it)
SocketIO\ConnectionException 4: could not connect to redis://127.0.0.1:PORT: connect timed out after 0.00000000%ds
SocketIO\ConnectionException 4
bool(true)
bool(true)
SocketIO\Emitter::__construct(): option "tcp_keepalive" must be a non-negative number, got -1
SocketIO\Emitter::__construct(): option "idle_timeout" must be a non-negative number, got "soon"
string(2) "60"
string(3) "300"
bool(false)
string(3) "300"
string(2) "10"
