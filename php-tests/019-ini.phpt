--TEST--
INI: defaults; socketio.key and socketio.url changed with ini_set() apply to Emitters created afterwards
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$entries = (new ReflectionExtension('socketio'))->getINIEntries();
ksort($entries);
foreach ($entries as $k => $v) {
    echo "$k = ", var_export($v, true), "\n";
}

$spy = new RedisSpy();
$url = socketio_test_url();
$before = new SocketIO\Emitter($url);

var_dump(ini_set('socketio.key', 'runtime'));
var_dump(ini_get('socketio.key'));
$after = new SocketIO\Emitter($url);
$after->emit('hi');
echo $spy->hex(), "\n";
$after->of('/admin')->to('r1')->socketsJoin('r2');
echo $spy->text(), "\n";
// An existing Emitter is immutable: it keeps the key it was created with.
$before->emit('hi');
echo $spy->hex(), "\n";
// An explicit option wins over the INI setting.
(new SocketIO\Emitter($url, ['key' => 'opt']))->emit('hi');
echo $spy->hex(), "\n";

// socketio.url is what a null (or missing) URL means.
var_dump(ini_set('socketio.url', $url));
(new SocketIO\Emitter())->to('r')->emit('hi');
echo $spy->hex(), "\n";
(new SocketIO\Emitter(null, ['key' => 'k2']))->emit('hi');
echo $spy->hex(), "\n";

echo $spy->nothing(), "\n";
?>
--EXPECT--
socketio.adapter = 'redis'
socketio.backoff = '1'
socketio.cluster = '0'
socketio.connect_timeout = '1'
socketio.idle_timeout = '300'
socketio.key = 'socket.io'
socketio.max_connections = '0'
socketio.on_error = 'exception'
socketio.persistent = '1'
socketio.secret = ''
socketio.subscription_mode = 'dynamic'
socketio.tcp_keepalive = '60'
socketio.timeout = '1'
socketio.url = 'redis://127.0.0.1:6379'
socketio.wait = '1'
string(9) "socket.io"
string(7) "runtime"
runtime#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
runtime-request#/admin# {"type":2,"opts":{"rooms":["r1"],"except":[]},"rooms":["r2"]}
socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
opt#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
string(22) "redis://127.0.0.1:6379"
runtime#/#r# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391a172a5666c61677380a665786365707490
k2#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
nothing published
