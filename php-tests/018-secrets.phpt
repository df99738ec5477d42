--TEST--
Secrets: the password never shows in var_dump, print_r, var_export, json_encode, (array), serialize, exceptions, warnings, phpinfo
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$hostport = substr(socketio_test_url(), strlen('redis://'));
$port = socketio_test_closed_port();

function check(string $what, string $out): void
{
    // The password, its parts, and its base64 and hex forms.
    foreach (['S3CR3T', 'Pw0rd', 'UHcwcmQ', '5333435233'] as $n) {
        if (stripos($out, $n) !== false) {
            echo "$what: PASSWORD LEAKED\n$out\n";
            return;
        }
    }
    echo "$what: clean\n";
}

// [url or legacy options array, options]. The test Redis has no password, so AUTH is refused;
// the other targets are down. Either way the password is in hand when the error is built.
$configs = [
    'URL password' => ["redis://alice:Pw0rd-S3CR3T@$hostport", []],
    'URL percent-encoded' => ["redis://alice:Pw0rd%2DS3CR3T@$hostport", []],
    'password option' => ["redis://$hostport", ['username' => 'alice', 'password' => 'Pw0rd-S3CR3T']],
    'legacy array' => [['host' => '127.0.0.1', 'port' => $port, 'password' => 'Pw0rd-S3CR3T'], []],
    'unix URL' => ['unix://:Pw0rd-S3CR3T@/tmp/nonexistent-socketio.sock', []],
];
foreach ($configs as $name => [$target, $options]) {
    echo "-- $name\n";
    $io = new SocketIO\Emitter($target, $options);
    foreach (['emitter' => $io, 'operator' => $io->to('r')->volatile(), 'namespace' => $io->of('/admin')] as $kind => $obj) {
        ob_start();
        var_dump($obj);
        print_r($obj);
        echo "\n";
        var_export($obj);
        echo "\n", json_encode($obj), "\n";
        var_dump((array) $obj, get_object_vars($obj));
        debug_zval_dump($obj);
        foreach ([fn () => serialize($obj), fn () => var_export(clone $obj, true)] as $f) {
            try {
                echo $f(), "\n";
            } catch (Throwable $e) {
                echo get_class($e), ': ', $e->getMessage(), "\n";
            }
        }
        check("  $kind dumps", ob_get_clean());
    }
    try {
        $io->emit('x');
        echo "  emit: no exception\n";
    } catch (SocketIO\ConnectionException $e) {
        check('  exception message', $e->getMessage());
        check('  exception as string', (string) $e);
    }
    if (is_array($target)) {
        $target['on_error'] = 'warning';
    } else {
        $options['on_error'] = 'warning';
    }
    $w = new SocketIO\Emitter($target, $options);
    set_error_handler(function ($no, $msg) { check('  warning', $msg); return true; });
    var_dump($w->emit('x'));
    restore_error_handler();
}

echo "-- a refused AUTH says so\n";
try {
    (new SocketIO\Emitter("redis://alice:Pw0rd-S3CR3T@$hostport"))->emit('x');
} catch (SocketIO\ConnectionException $e) {
    echo stripos($e->getMessage(), 'auth') !== false ? "mentions authentication\n" : "does not mention authentication: {$e->getMessage()}\n";
}

echo "-- phpinfo\n";
ob_start();
phpinfo();
check('phpinfo()', ob_get_clean());
ob_start();
(new ReflectionExtension('socketio'))->info();
check('ReflectionExtension::info()', ob_get_clean());
// php.ini may hold the password in socketio.url: phpinfo shows INI values, so that one is masked too.
check('php --ri socketio', socketio_test_child('-d ' . escapeshellarg('socketio.url=redis://alice:Pw0rd-S3CR3T@127.0.0.1:6379') . ' --ri socketio'));
?>
--EXPECT--
-- URL password
  emitter dumps: clean
  operator dumps: clean
  namespace dumps: clean
  exception message: clean
  exception as string: clean
  warning: clean
bool(false)
-- URL percent-encoded
  emitter dumps: clean
  operator dumps: clean
  namespace dumps: clean
  exception message: clean
  exception as string: clean
  warning: clean
bool(false)
-- password option
  emitter dumps: clean
  operator dumps: clean
  namespace dumps: clean
  exception message: clean
  exception as string: clean
  warning: clean
bool(false)
-- legacy array
  emitter dumps: clean
  operator dumps: clean
  namespace dumps: clean
  exception message: clean
  exception as string: clean
  warning: clean
bool(false)
-- unix URL
  emitter dumps: clean
  operator dumps: clean
  namespace dumps: clean
  exception message: clean
  exception as string: clean
  warning: clean
bool(false)
-- a refused AUTH says so
mentions authentication
-- phpinfo
phpinfo(): clean
ReflectionExtension::info(): clean
php --ri socketio: clean
