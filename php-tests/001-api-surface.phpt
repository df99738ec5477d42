--TEST--
API surface: extension, classes, hierarchy, methods, constants
--EXTENSIONS--
socketio
--FILE--
<?php
var_dump(extension_loaded('socketio'));
// The module version is the crate version (Cargo.toml), shown by php --ri too.
$cargo = file_get_contents(__DIR__ . '/../Cargo.toml');
preg_match('/^version\s*=\s*"([^"]+)"/m', $cargo, $m);
var_dump(phpversion('socketio') === $m[1]);

$ext = new ReflectionExtension('socketio');
$classes = $ext->getClassNames();
sort($classes);
echo implode("\n", $classes), "\n";
echo "functions: ", count($ext->getFunctions()), "\n";
echo "constants: ", json_encode($ext->getConstants()), "\n";

foreach (['SocketIO\Emitter', 'SocketIO\BroadcastOperator', 'SocketIO\Binary'] as $c) {
    $r = new ReflectionClass($c);
    printf("%s final=%s constants=%s\n", $c, var_export($r->isFinal(), true), json_encode($r->getConstants()));
}
var_dump(is_subclass_of('SocketIO\Exception', 'RuntimeException'));
var_dump(get_parent_class('SocketIO\EncodingException'));
var_dump(get_parent_class('SocketIO\ConnectionException'));
var_dump(get_parent_class('SocketIO\TimeoutException'));
var_dump(get_parent_class('SocketIO\BatchException'));
var_dump((new ReflectionClass('SocketIO\Exception'))->isFinal());

foreach (['SocketIO\Emitter', 'SocketIO\BroadcastOperator', 'SocketIO\Binary'] as $c) {
    $methods = get_class_methods($c);
    sort($methods);
    echo implode(' ', $methods), "\n";
}

// Operators come only from an Emitter.
try {
    new SocketIO\BroadcastOperator();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// No connection is made by the constructor: a closed port does not fail here.
$io = new SocketIO\Emitter('redis://127.0.0.1:1');
var_dump($io instanceof SocketIO\Emitter);
var_dump($io->to('r') instanceof SocketIO\BroadcastOperator);
var_dump($io->of('x') instanceof SocketIO\Emitter);
?>
--EXPECT--
bool(true)
bool(true)
SocketIO\BatchException
SocketIO\Binary
SocketIO\BroadcastOperator
SocketIO\ConnectionException
SocketIO\Emitter
SocketIO\EncodingException
SocketIO\Exception
SocketIO\TimeoutException
SocketIO\Token
SocketIO\TokenException
functions: 0
constants: []
SocketIO\Emitter final=true constants=[]
SocketIO\BroadcastOperator final=true constants=[]
SocketIO\Binary final=true constants=[]
bool(true)
string(18) "SocketIO\Exception"
string(18) "SocketIO\Exception"
string(28) "SocketIO\ConnectionException"
string(28) "SocketIO\ConnectionException"
bool(false)
__construct __debugInfo batch compress disconnectSockets emit emitWithAck except fetchSockets in of serverCount serverSideEmit serverSideEmitWithAck socketsJoin socketsLeave timeout to volatile
__debugInfo compress disconnectSockets emit emitWithAck except fetchSockets in serverCount serverSideEmitWithAck socketsJoin socketsLeave timeout to volatile
__construct getBytes
Error: Call to private SocketIO\BroadcastOperator::__construct() from global scope
bool(true)
bool(true)
bool(true)
