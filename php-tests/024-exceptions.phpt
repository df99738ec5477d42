--TEST--
Exceptions: hierarchy under \RuntimeException, file/line/trace of the call site, constructible and extendable from PHP
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$io = new SocketIO\Emitter(socketio_test_url());
$down = new SocketIO\Emitter('redis://127.0.0.1:' . socketio_test_closed_port(), ['connect_timeout' => 0.5]);

function report(Throwable $e, int $line): void
{
    printf("%s: runtime=%s socketio=%s file=%s line=%s trace=%s code=%d\n", get_class($e),
        var_export($e instanceof RuntimeException, true), var_export($e instanceof SocketIO\Exception, true),
        var_export($e->getFile() === __FILE__, true), var_export($e->getLine() === $line, true),
        $e->getTrace()[0]['function'] ?? 'none', $e->getCode());
}

try {
    $line = __LINE__ + 1;
    $io->emit('x', NAN);
} catch (RuntimeException $e) {
    report($e, $line);
}
try {
    $line = __LINE__ + 1;
    $down->to('r')->emit('x');
} catch (RuntimeException $e) {
    report($e, $line);
}
try {
    $line = __LINE__ + 1;
    $io->to('r')->emit('');
} catch (ValueError $e) {
    report($e, $line);
}
try {
    $line = __LINE__ + 1;
    $io->to(new stdClass());
} catch (TypeError $e) {
    report($e, $line);
}

// Catchable by the base class.
foreach ([fn () => $io->emit('x', fopen('php://memory', 'r')), fn () => $down->emit('x')] as $f) {
    try {
        $f();
    } catch (SocketIO\Exception $e) {
        echo 'caught as SocketIO\Exception: ', get_class($e), "\n";
    }
}

// Constructible and extendable from PHP (for tests and wrappers of users).
class AppException extends SocketIO\ConnectionException {}
$prev = new LogicException('p');
$e = new AppException('down', 7, $prev);
var_dump($e->getMessage(), $e->getCode(), $e->getPrevious() === $prev, $e instanceof SocketIO\Exception, $e->getLine() === __LINE__ - 1);
$e = new SocketIO\EncodingException('bad');
var_dump($e->getMessage(), $e instanceof RuntimeException);
?>
--EXPECT--
SocketIO\EncodingException: runtime=true socketio=true file=true line=true trace=emit code=1
SocketIO\ConnectionException: runtime=true socketio=true file=true line=true trace=emit code=3
ValueError: runtime=false socketio=false file=true line=true trace=emit code=0
TypeError: runtime=false socketio=false file=true line=true trace=to code=0
caught as SocketIO\Exception: SocketIO\EncodingException
caught as SocketIO\Exception: SocketIO\ConnectionException
string(4) "down"
int(7)
bool(true)
bool(true)
bool(true)
string(3) "bad"
bool(true)
