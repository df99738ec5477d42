--TEST--
on_error=warning: a connection error raises E_WARNING and the method returns false; argument and encoding errors still throw
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$port = socketio_test_closed_port();
$io = new SocketIO\Emitter("redis://:Pw0rd-S3CR3T@127.0.0.1:$port", ['on_error' => 'warning', 'connect_timeout' => 0.5]);
set_error_handler(function (int $no, string $msg) use ($port) {
    echo $no === E_WARNING ? 'E_WARNING' : "error $no", ': ', str_replace((string) $port, 'PORT', $msg), "\n";
    if (str_contains($msg, 'S3CR3T')) {
        echo "  PASSWORD LEAKED\n";
    }
    return true;
});
var_dump($io->emit('x'));
var_dump($io->to('r')->emit('x', [1]));
var_dump($io->socketsJoin('r'));
var_dump($io->socketsLeave('r'));
var_dump($io->to('r')->disconnectSockets());
var_dump($io->serverSideEmit('x'));
// The option is kept by derived emitters.
var_dump($io->of('/admin')->emit('x'));

foreach ([fn () => $io->emit(''), fn () => $io->emit('x', NAN), fn () => $io->to(1.5)] as $bad) {
    try {
        $bad();
        echo "no exception\n";
    } catch (Throwable $e) {
        echo get_class($e), "\n";
    }
}
restore_error_handler();

// The default stays "exception".
try {
    (new SocketIO\Emitter("redis://127.0.0.1:$port"))->emit('x');
} catch (SocketIO\ConnectionException $e) {
    echo "default: ConnectionException\n";
}
?>
--EXPECTF--
E_WARNING: SocketIO\Emitter::emit(): could not connect to redis://127.0.0.1:PORT: %s
bool(false)
E_WARNING: SocketIO\BroadcastOperator::emit(): %sredis://127.0.0.1:PORT%s
bool(false)
E_WARNING: SocketIO\Emitter::socketsJoin(): %sredis://127.0.0.1:PORT%s
bool(false)
E_WARNING: SocketIO\Emitter::socketsLeave(): %sredis://127.0.0.1:PORT%s
bool(false)
E_WARNING: SocketIO\BroadcastOperator::disconnectSockets(): %sredis://127.0.0.1:PORT%s
bool(false)
E_WARNING: SocketIO\Emitter::serverSideEmit(): %sredis://127.0.0.1:PORT%s
bool(false)
E_WARNING: SocketIO\Emitter::emit(): %sredis://127.0.0.1:PORT%s
bool(false)
ValueError
SocketIO\EncodingException
TypeError
default: ConnectionException
