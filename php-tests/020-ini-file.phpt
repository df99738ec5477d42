--TEST--
INI from php.ini (--INI--): socketio.key and socketio.url are the defaults of new Emitter()
--EXTENSIONS--
socketio
--INI--
socketio.key=fromini
socketio.url=redis://127.0.0.1:1
--FILE--
<?php
require __DIR__ . '/_helpers.php';
var_dump(ini_get('socketio.key'), ini_get('socketio.url'));
$spy = new RedisSpy();
// The URL from php.ini points to a closed port; the key is used with an explicit URL.
(new SocketIO\Emitter(socketio_test_url()))->to(7)->emit('hi');
echo $spy->hex(), "\n";
try {
    (new SocketIO\Emitter(null, ['connect_timeout' => 0.5]))->emit('hi');
} catch (SocketIO\ConnectionException $e) {
    echo get_class($e), ": ", str_contains($e->getMessage(), '127.0.0.1:1') ? 'names 127.0.0.1:1' : $e->getMessage(), "\n";
}
?>
--EXPECT--
string(7) "fromini"
string(19) "redis://127.0.0.1:1"
fromini#/#7# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d739107a5666c61677380a665786365707490
SocketIO\ConnectionException: names 127.0.0.1:1
