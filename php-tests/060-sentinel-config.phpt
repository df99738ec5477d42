--TEST--
redis+sentinel:// URLs: accepted as an argument and as socketio.url (one URL, not cluster seeds), sentinel_* options, clear errors naming the master and the sentinels, no password in errors, dumps, --ri or phpinfo
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$a = socketio_test_closed_port();
$b = socketio_test_closed_port();
$sentinels = "127.0.0.1:$a,127.0.0.1:$b";

function clean(string $what, string $out): void
{
    foreach (['Mast3rPw', 'Sent1nelPw', 'OptPw'] as $secret) {
        if (str_contains($out, $secret)) {
            echo "$what: PASSWORD LEAKED\n$out\n";
            return;
        }
    }
    echo "$what: clean\n";
}

function show(string $s, int $a, int $b): string
{
    return str_replace([(string) $a, (string) $b], ['A', 'B'], $s);
}

echo "-- every sentinel down: CONNECT, naming the master and each sentinel\n";
$io = new SocketIO\Emitter("redis+sentinel://app:Mast3rPw@$sentinels/orders?sentinel_password=Sent1nelPw", ['backoff' => 0]);
ob_start();
var_dump($io);
$dump = ob_get_clean();
clean('var_dump', $dump);
preg_match('/"(redis\+sentinel:[^"]*)"/', $dump, $m);
echo 'url: ', show($m[1] ?? 'none', $a, $b), "\n";
try {
    $io->emit('x');
    echo "no exception\n";
} catch (SocketIO\ConnectionException $e) {
    echo get_class($e), ' code ', $e->getCode() === SocketIO\Exception::CONNECT ? 'CONNECT' : $e->getCode(), "\n";
    echo show($e->getMessage(), $a, $b), "\n";
    clean('exception', (string) $e);
}

echo "-- sentinel_* options override the URL's\n";
$io = new SocketIO\Emitter("redis+sentinel://$sentinels/orders", ['sentinel_username' => 'watcher', 'sentinel_password' => 'OptPw', 'password' => 'Mast3rPw', 'backoff' => 0, 'on_error' => 'warning']);
set_error_handler(function ($no, $msg) use ($a, $b) { echo show($msg, $a, $b), "\n"; clean('warning', $msg); return true; });
var_dump($io->emit('x'));
restore_error_handler();

echo "-- refused configurations\n";
$bad = [
    ['redis+sentinel://127.0.0.1:26379', []],
    ['redis+sentinel://127.0.0.1:26379/m?timeout=1', []],
    ['redis+sentinel://127.0.0.1:x/m', []],
    ['redis://127.0.0.1:6379', ['sentinel_password' => 'OptPw']],
    ['redis+sentinel://127.0.0.1/m', ['cluster' => true]],
    ['redis+sentinel://127.0.0.1/m', ['sentinel_password' => 1]],
];
foreach ($bad as [$url, $options]) {
    try {
        new SocketIO\Emitter($url, $options);
        echo "accepted: $url\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
        clean('  message', $e->getMessage());
    }
}

echo "-- socketio.url holding a sentinel URL (quoted: php.ini values cannot hold '=' or '&' unquoted)\n";
$url = "redis+sentinel://app:Mast3rPw@$sentinels/orders?sentinel_password=Sent1nelPw";
$code = 'try { (new SocketIO\Emitter(null, ["backoff" => 0]))->emit("x"); } catch (SocketIO\Exception $e) { echo $e->getMessage(), "\n"; }';
$out = socketio_test_child('-d ' . escapeshellarg("socketio.url=\"$url\"") . ' -r ' . escapeshellarg($code));
echo show(trim($out), $a, $b), "\n";
clean('ini emit', $out);
$ri = socketio_test_child('-d ' . escapeshellarg("socketio.url=\"$url\"") . ' --ri socketio');
echo show(trim(current(preg_grep('/^socketio\.url/', explode("\n", $ri)))), $a, $b), "\n";
clean('--ri', $ri);
$info = socketio_test_child('-d ' . escapeshellarg("socketio.url=\"$url\"") . ' -r "phpinfo(INFO_MODULES);"');
clean('phpinfo', $info);
$construct = 'try { new SocketIO\Emitter(); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }';
$out = socketio_test_child('-d socketio.cluster=1 -d ' . escapeshellarg("socketio.url=\"$url\"") . ' -r ' . escapeshellarg($construct));
echo 'with socketio.cluster=1: ', trim($out), "\n";
?>
--EXPECT--
-- every sentinel down: CONNECT, naming the master and each sentinel
var_dump: clean
url: redis+sentinel://app@127.0.0.1:A,127.0.0.1:B/orders
SocketIO\ConnectionException code CONNECT
could not connect to redis+sentinel://app@127.0.0.1:A,127.0.0.1:B/orders: no master "orders" reachable (could not connect to redis://127.0.0.1:A: Connection refused; could not connect to redis://127.0.0.1:B: Connection refused)
exception: clean
-- sentinel_* options override the URL's
SocketIO\Emitter::emit(): could not connect to redis+sentinel://127.0.0.1:A,127.0.0.1:B/orders?sentinel_username=watcher: no master "orders" reachable (could not connect to redis://watcher@127.0.0.1:A: Connection refused; could not connect to redis://watcher@127.0.0.1:B: Connection refused)
warning: clean
bool(false)
-- refused configurations
ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: missing master name in a redis+sentinel URL (redis+sentinel://host:26379/mymaster)
  message: clean
ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: unknown parameter in the query of a redis+sentinel URL (known: sentinel_username, sentinel_password)
  message: clean
ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: invalid port in Redis URL (expected a number from 1 to 65535) (in the sentinel list of a redis+sentinel URL)
  message: clean
ValueError: SocketIO\Emitter::__construct(): option "sentinel_password" needs a redis+sentinel:// URL
  message: clean
ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: a Redis Cluster seed must be a redis:// or rediss:// URL, not redis+sentinel://
  message: clean
TypeError: SocketIO\Emitter::__construct(): option "sentinel_password" must be of type string, int given
  message: clean
-- socketio.url holding a sentinel URL (quoted: php.ini values cannot hold '=' or '&' unquoted)
could not connect to redis+sentinel://app@127.0.0.1:A,127.0.0.1:B/orders: no master "orders" reachable (could not connect to redis://127.0.0.1:A: Connection refused; could not connect to redis://127.0.0.1:B: Connection refused)
ini emit: clean
socketio.url => redis+sentinel://app:***@127.0.0.1:A,127.0.0.1:B/orders?sentinel_password=*** => redis+sentinel://app:***@127.0.0.1:A,127.0.0.1:B/orders?sentinel_password=***
--ri: clean
phpinfo: clean
with socketio.cluster=1: ValueError: SocketIO\Emitter::__construct(): php.ini setting socketio.url is not a valid Redis URL: a Redis Cluster seed must be a redis:// or rediss:// URL, not redis+sentinel://
