--TEST--
on_error=log: a connection error goes to PHP's error log (no warning, no error handler runs: a framework's throwing handler does not turn it into a 500) and the method returns false
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$port = socketio_test_closed_port();
$log = tempnam(sys_get_temp_dir(), 'socketio-log');
ini_set('error_log', $log);
ini_set('log_errors', '1');
// What CodeIgniter 4 and Laravel do: every PHP error becomes an exception.
set_error_handler(function (int $no, string $msg) {
    throw new ErrorException($msg, 0, $no);
});

$io = new SocketIO\Emitter("redis://:Pw0rd-S3CR3T@127.0.0.1:$port", ['on_error' => 'log', 'backoff' => 0, 'connect_timeout' => 0.5]);
var_dump($io->emit('post', ['id' => 1]));
var_dump($io->to('team:1')->to('admin')->emit('post', ['id' => 2]));
var_dump($io->of('/admin')->socketsJoin('r'));
// Argument and encoding errors still throw: they are bugs, not outages.
try {
    $io->emit('x', NAN);
} catch (SocketIO\EncodingException $e) {
    echo "EncodingException\n";
}
restore_error_handler();

$lines = file($log, FILE_IGNORE_NEW_LINES);
echo count($lines), " lines\n";
foreach ($lines as $line) {
    echo preg_replace(['/^\[[^\]]+\] /', "/$port/"], ['[time] ', 'PORT'], $line), "\n";
}
echo 'password in the log: ', var_export(str_contains(file_get_contents($log), 'S3CR3T'), true), "\n";
unlink($log);

// From php.ini, without an error_log file: the SAPI's log (stderr for the CLI), still no warning.
echo socketio_test_child('-d socketio.on_error=log -d log_errors=1 -d display_errors=1 -r ' . escapeshellarg(
    'set_error_handler(function () { echo "handler ran\n"; return true; });
     var_dump((new SocketIO\Emitter("redis://127.0.0.1:' . $port . '", ["backoff" => 0]))->emit("x"));'
));
?>
--EXPECTF--
bool(false)
bool(false)
bool(false)
EncodingException
3 lines
[time] socketio: could not connect to redis://127.0.0.1:PORT: Connection refused
[time] socketio: could not connect to redis://127.0.0.1:PORT: Connection refused
[time] socketio: could not connect to redis://127.0.0.1:PORT: Connection refused
password in the log: false
socketio: could not connect to redis://127.0.0.1:%d: Connection refused
bool(false)
