--TEST--
Operators are immutable: to/in/except/of/volatile/compress return new objects and never leak into later emits
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$a = $io->to('a');
$b = $a->to('b');
var_dump($a !== $io->to('a'), $a !== $b, $a->in('a') !== $a, $a->except('c') !== $a,
    $a->volatile() !== $a, $a->compress() !== $a, $io->volatile() !== $io->volatile(),
    $io->of('/') !== $io);

echo "to(a) discarded, emit to all: ";
$io->to('a');
$io->emit('x');
echo $spy->hex(), "\n";

$a->emit('x');
echo "a: ", $spy->hex(), "\n";
$b->emit('x');
echo "a+b: ", $spy->hex(), "\n";

echo "a after discarded except/volatile/compress/to/in: ";
$a->except('c');
$a->volatile();
$a->compress(false);
$a->to('z');
$a->in('y');
$a->emit('x');
echo $spy->hex(), "\n";

echo "io after discarded except/volatile/compress/of: ";
$io->except('c');
$io->volatile();
$io->compress(true);
$io->of('/admin');
$io->emit('x');
echo $spy->hex(), "\n";

$admin = $io->of('/admin');
$admin->to('a');
$admin->emit('x');
echo "admin: ", $spy->hex(), "\n";
$io->emit('x');
echo "io again: ", $spy->hex(), "\n";

$v = $io->volatile();
$vc = $v->compress(false);
$v->emit('x');
echo "volatile: ", $spy->hex(), "\n";
$vc->emit('x');
echo "volatile+compress(false): ", $spy->hex(), "\n";
$b->emit('x');
echo "a+b again: ", $spy->hex(), "\n";

// Request methods do not change the operator either.
$a->socketsJoin('j');
echo $spy->text(), "\n";
$a->emit('x');
echo "a: ", $spy->hex(), "\n";
echo $spy->nothing(), "\n";
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
to(a) discarded, emit to all: socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
a: socket.io#/#a# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7391a161a5666c61677380a665786365707490
a+b: socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7392a161a162a5666c61677380a665786365707490
a after discarded except/volatile/compress/to/in: socket.io#/#a# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7391a161a5666c61677380a665786365707490
io after discarded except/volatile/compress/of: socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
admin: socket.io#/admin# 93a7656d697474657283a47479706502a46461746191a178a36e7370a62f61646d696e83a5726f6f6d7390a5666c61677380a665786365707490
io again: socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
volatile: socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7390a5666c61677381a8766f6c6174696c65c3a665786365707490
volatile+compress(false): socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7390a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2a665786365707490
a+b again: socket.io#/# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7392a161a162a5666c61677380a665786365707490
socket.io-request#/# {"type":2,"opts":{"rooms":["a"],"except":[]},"rooms":["j"]}
a: socket.io#/#a# 93a7656d697474657283a47479706502a46461746191a178a36e7370a12f83a5726f6f6d7391a161a5666c61677380a665786365707490
nothing published
