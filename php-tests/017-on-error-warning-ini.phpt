--TEST--
on_error=warning from php.ini (socketio.on_error): the warning is printed as PHP prints warnings, and emit() returns false
--EXTENSIONS--
socketio
--INI--
socketio.on_error=warning
socketio.connect_timeout=0.5
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$port = socketio_test_closed_port();
$io = new SocketIO\Emitter("redis://127.0.0.1:$port");
var_dump($io->emit('x'));
// An explicit option wins over php.ini.
try {
    (new SocketIO\Emitter("redis://127.0.0.1:$port", ['on_error' => 'exception']))->emit('x');
} catch (SocketIO\ConnectionException $e) {
    echo "option wins: ConnectionException\n";
}
?>
--EXPECTF--
Warning: SocketIO\Emitter::emit(): %s in %s on line %d
bool(false)
option wins: ConnectionException
