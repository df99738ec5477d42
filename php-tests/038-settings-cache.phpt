--TEST--
Constructor settings are reused per URL only while no socketio.* setting changes
--EXTENSIONS--
socketio
--FILE--
<?php
// A per-request `new Emitter($url)` reuses the settings resolved for the same URL; any
// ini_set()/ini_restore() of a socketio.* setting must be seen by the next constructor.
$url = 'redis://127.0.0.1:1';
$key = fn($io) => $io->__debugInfo()['key'];
$a = new SocketIO\Emitter($url);
ini_set('socketio.key', 'changed');
$b = new SocketIO\Emitter($url);
ini_restore('socketio.key');
$c = new SocketIO\Emitter($url);
var_dump($key($a), $key($b), $key($c));

ini_set('socketio.on_error', 'warning');
$d = new SocketIO\Emitter($url);
var_dump(@$d->emit('x'));
ini_restore('socketio.on_error');
$e = new SocketIO\Emitter($url);
try { $e->emit('x'); } catch (SocketIO\ConnectionException $ex) { echo "ConnectionException\n"; }

// Another URL, then the first one again: each gets its own settings.
$f = new SocketIO\Emitter('redis://127.0.0.1:2');
$g = new SocketIO\Emitter($url);
var_dump($f->__debugInfo()['url'], $g->__debugInfo()['url']);
?>
--EXPECT--
string(9) "socket.io"
string(7) "changed"
string(9) "socket.io"
bool(false)
ConnectionException
string(19) "redis://127.0.0.1:2"
string(19) "redis://127.0.0.1:1"
