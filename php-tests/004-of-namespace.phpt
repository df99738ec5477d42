--TEST--
of(): "admin" becomes "/admin", replaces (not nests) the namespace, keeps the key; "," is refused
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

foreach (['admin', '/admin', '', '/', 'a/b', '/chat-1'] as $nsp) {
    $io->of($nsp)->emit('hi');
    echo str_pad(var_export($nsp, true), 10), ' ', $spy->hex(), "\n";
}

// of() on a namespaced Emitter selects another namespace, as io.of() does on the server.
$io->of('/a')->of('b')->emit('hi');
echo "of(a)->of(b): ", $spy->hex(), "\n";

// The key option follows the Emitter into other namespaces, for requests too.
$my = new SocketIO\Emitter(socketio_test_url(), ['key' => 'myapp']);
$my->of('admin')->to('r1')->emit('hi');
echo $spy->hex(), "\n";
$my->of('admin')->socketsJoin('r2');
echo $spy->text(), "\n";

socketio_test_throws($spy, fn () => $io->of('a,b'));
socketio_test_throws($spy, fn () => $io->of('/admin,x')->emit('hi'));
?>
--EXPECT--
'admin'    socket.io#/admin# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a62f61646d696e83a5726f6f6d7390a5666c61677380a665786365707490
'/admin'   socket.io#/admin# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a62f61646d696e83a5726f6f6d7390a5666c61677380a665786365707490
''         socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
'/'        socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
'a/b'      socket.io#/a/b# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a42f612f6283a5726f6f6d7390a5666c61677380a665786365707490
'/chat-1'  socket.io#/chat-1# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a72f636861742d3183a5726f6f6d7390a5666c61677380a665786365707490
of(a)->of(b): socket.io#/b# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a22f6283a5726f6f6d7390a5666c61677380a665786365707490
myapp#/admin#r1# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a62f61646d696e83a5726f6f6d7391a27231a5666c61677380a665786365707490
myapp-request#/admin# {"type":2,"opts":{"rooms":[],"except":[]},"rooms":["r2"]}
ValueError: SocketIO\Emitter::of(): Argument #1 ($namespace) must not contain ","
  nothing published
ValueError: SocketIO\Emitter::of(): Argument #1 ($namespace) must not contain ","
  nothing published
