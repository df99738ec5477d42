--TEST--
Options at the extremes: huge timeouts and backoff (options and php.ini) work without a Rust panic; NUL bytes in URLs, hosts and TLS paths are a ValueError at construction
--EXTENSIONS--
socketio
--INI--
socketio.connect_timeout=9223372036854775807
--FILE--
<?php
require __DIR__ . '/_helpers.php';

$spy = new RedisSpy();
$url = socketio_test_url();
$down = 'redis://127.0.0.1:' . socketio_test_closed_port();

function attempt(string $label, callable $fn): void
{
    try {
        $r = $fn();
        echo "$label: ", var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ': ', str_replace((string) parse_url($GLOBALS['down'], PHP_URL_PORT), 'PORT', $e->getMessage()), "\n";
    }
}

echo "-- far beyond any real wait: means the same as a very long one\n";
foreach (['connect_timeout', 'timeout', 'backoff'] as $name) {
    foreach ([PHP_INT_MAX, 1e300, '9223372036854775807'] as $value) {
        attempt("$name " . var_export($value, true), fn () => (new SocketIO\Emitter($url, [$name => $value, 'persistent' => false]))->emit('e') >= 1);
    }
}
attempt('php.ini connect_timeout', fn () => (new SocketIO\Emitter($url))->emit('e') >= 1);
ini_set('socketio.timeout', (string) PHP_INT_MAX);
ini_set('socketio.backoff', '1e300');
attempt('ini_set timeout and backoff', fn () => (new SocketIO\Emitter($url, ['persistent' => false]))->emit('e') >= 1);
for ($i = 0; $i < 11; $i++) {
    $spy->next();
}

echo "-- a huge backoff after a failed connect\n";
attempt('first', fn () => (new SocketIO\Emitter($down, ['backoff' => PHP_INT_MAX]))->emit('e'));
attempt('second', fn () => (new SocketIO\Emitter($down, ['backoff' => PHP_INT_MAX]))->emit('e'));

echo "-- NUL bytes\n";
attempt('URL', fn () => new SocketIO\Emitter("redis://h\0:6379"));
attempt('URL password', fn () => new SocketIO\Emitter("redis://u:p\0w@127.0.0.1:6379"));
attempt('unix socket path', fn () => new SocketIO\Emitter("unix:///tmp/redis\0.sock"));
attempt('seed URL', fn () => new SocketIO\Emitter(['redis://a:1', "redis://b\0:2"]));
attempt('host', fn () => new SocketIO\Emitter(['host' => "h\0"]));
attempt('tls.cafile', fn () => new SocketIO\Emitter('rediss://h:1', ['tls' => ['cafile' => "/ca\0.pem"]]));
attempt('tls.local_cert', fn () => new SocketIO\Emitter('rediss://h:1', ['tls' => ['local_cert' => "\0"]]));
// Binary-safe on the wire: fine.
attempt('key', fn () => (new SocketIO\Emitter($url, ['key' => "k\0"]))->emit('e') >= 1);
echo bin2hex($spy->next()[0] ?? ''), "\n";
echo $spy->nothing(), "\n";
?>
--EXPECTF--
-- far beyond any real wait: means the same as a very long one
connect_timeout 9223372036854775807: true
connect_timeout 1.0E+300: true
connect_timeout '9223372036854775807': true
timeout 9223372036854775807: true
timeout 1.0E+300: true
timeout '9223372036854775807': true
backoff 9223372036854775807: true
backoff 1.0E+300: true
backoff '9223372036854775807': true
php.ini connect_timeout: true
ini_set timeout and backoff: true
-- a huge backoff after a failed connect
first: SocketIO\ConnectionException: could not connect to redis://127.0.0.1:PORT: %s
second: SocketIO\ConnectionException: not connecting to redis://127.0.0.1:PORT: the last attempt failed %ss ago (backoff 1000000000s): %s
-- NUL bytes
URL: ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) must not contain any null bytes
URL password: ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) must not contain any null bytes
unix socket path: ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) must not contain any null bytes
seed URL: ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) must not contain any null bytes
host: ValueError: SocketIO\Emitter::__construct(): option "host" must not contain any null bytes
tls.cafile: ValueError: SocketIO\Emitter::__construct(): option "tls.cafile" must not contain any null bytes
tls.local_cert: ValueError: SocketIO\Emitter::__construct(): option "tls.local_cert" must not contain any null bytes
key: true
6b00232f23
nothing published
