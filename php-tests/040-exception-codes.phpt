--TEST--
Exception codes: one per kind, published as constants of SocketIO\Exception (and so of every subclass), set as getCode()
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

// The constants and their values: part of the API, never renumbered.
$r = new ReflectionClass('SocketIO\Exception');
foreach ($r->getConstants() as $name => $value) {
    echo "$name = $value\n";
}
var_dump(SocketIO\ConnectionException::TIMEOUT === SocketIO\Exception::TIMEOUT);
var_dump(SocketIO\TimeoutException::CONNECTION_LOST, get_parent_class('SocketIO\TimeoutException'));

function code_name(Throwable $e): string
{
    $names = array_flip((new ReflectionClass('SocketIO\Exception'))->getConstants());
    return get_class($e) . ' code=' . ($names[$e->getCode()] ?? $e->getCode());
}

function attempt(string $what, callable $f): void
{
    try {
        $f();
        echo "$what: no exception\n";
    } catch (SocketIO\Exception $e) {
        echo "$what: ", code_name($e), "\n";
    }
}

$url = socketio_test_url();
$io = new SocketIO\Emitter($url);
attempt('unencodable value', fn () => $io->emit('x', NAN));

$port = socketio_test_closed_port();
$down = new SocketIO\Emitter("redis://127.0.0.1:$port", ['connect_timeout' => 0.5, 'backoff' => 30]);
attempt('refused', fn () => $down->emit('x'));
attempt('in backoff', fn () => $down->emit('x'));

// The test Redis has no password: AUTH with one is refused.
$p = parse_url($url);
$auth = new SocketIO\Emitter("redis://:wrong-pw@{$p['host']}:{$p['port']}");
attempt('credentials refused', fn () => $auth->emit('x'));

// A server that accepts and never answers: the command was sent, the outcome is unknown.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$silentPort = (int) substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);
$io = new SocketIO\Emitter("redis://127.0.0.1:$silentPort", ['timeout' => 0.2, 'backoff' => 0]);
attempt('no reply', fn () => $io->emit('x'));
// ... and AUTH that gets no answer is a connect timeout (nothing of the emit was sent).
$io = new SocketIO\Emitter("redis://:pw@127.0.0.1:$silentPort", ['connect_timeout' => 0.2, 'timeout' => 30, 'backoff' => 0]);
attempt('no answer to AUTH', fn () => $io->emit('x'));

// An HTTP server on the port: named as such.
$http = proc_open([PHP_BINARY, '-n', '-r', '
    $s = stream_socket_server("tcp://127.0.0.1:0");
    echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1), "\n";
    $c = stream_socket_accept($s, 30);
    fread($c, 100);
    fwrite($c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    sleep(2);
'], [1 => ['pipe', 'w']], $pipes);
$httpPort = (int) fgets($pipes[1]);
try {
    (new SocketIO\Emitter("redis://127.0.0.1:$httpPort", ['timeout' => 10]))->emit('x');
} catch (SocketIO\ConnectionException $e) {
    echo 'http: ', code_name($e), ': ', str_replace((string) $httpPort, 'PORT', $e->getMessage()), "\n";
}
proc_terminate($http);
proc_close($http);

// on_error=warning: the same message, no exception.
$w = new SocketIO\Emitter("redis://127.0.0.1:$silentPort", ['timeout' => 0.2, 'on_error' => 'warning']);
var_dump(@$w->emit('x'));
echo str_replace((string) $silentPort, 'PORT', error_get_last()['message']), "\n";
?>
--EXPECT--
ENCODING = 1
CONFIG = 2
CONNECT = 3
CONNECT_TIMEOUT = 4
TLS = 5
AUTH = 6
BACKOFF = 7
LIMIT = 8
NOT_SENT = 9
TIMEOUT = 10
CONNECTION_LOST = 11
SERVER = 12
PROTOCOL = 13
bool(true)
int(11)
string(28) "SocketIO\ConnectionException"
unencodable value: SocketIO\EncodingException code=ENCODING
refused: SocketIO\ConnectionException code=CONNECT
in backoff: SocketIO\ConnectionException code=BACKOFF
credentials refused: SocketIO\ConnectionException code=AUTH
no reply: SocketIO\TimeoutException code=TIMEOUT
no answer to AUTH: SocketIO\ConnectionException code=CONNECT_TIMEOUT
http: SocketIO\ConnectionException code=PROTOCOL: unreadable reply from redis://127.0.0.1:PORT: the server answered like an HTTP server, not Redis (is the port right?)
bool(false)
SocketIO\Emitter::emit(): no reply from redis://127.0.0.1:PORT within 0.2s: the event may still be delivered (Redis may have received it)
