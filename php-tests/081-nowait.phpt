--TEST--
wait => false: the emit returns null once written; its reply is read before the connection answers anything else (a later count never takes an earlier reply), on the same connection; error replies become warnings on the next use, or log lines at request end
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$url = socketio_test_url();
$spy = new RedisSpy();
$admin = $spy->redis();
// Two more subscribers of the namespace channel: an emit to the namespace counts 3 receivers
// (these two and the spy's PSUBSCRIBE), one to a room's channel counts 1 (the spy).
$extra = [new RespConnection($url), new RespConnection($url)];
foreach ($extra as $c) {
    $c->call('SUBSCRIBE', 'socket.io#/#');
}
$connections = fn () => (int) preg_replace('/.*total_connections_received:(\d+).*/s', '$1', $admin->call('INFO', 'stats'));

$nowait = new SocketIO\Emitter($url, ['wait' => false]);
$wait = new SocketIO\Emitter($url);
echo "-- a no-wait emit, then waiting calls on the same connection\n";
$wait->emit('warm');
$spy->hex();
$before = $connections();
var_dump($nowait->emit('all', 1));
// If the reply of the emit above (3) were left unread, this would read it as its own.
var_dump($wait->to('room')->emit('room', 2));
var_dump($nowait->emit('all', 3), $nowait->emit('all', 4), $wait->serverCount());
var_dump($wait->to('room')->emit('room', 5));
echo 'new connections: ', $connections() - $before, "\n";
foreach ([1, 2, 3, 4, 5] as $i) {
    echo $spy->hex(), "\n";
}
echo $spy->nothing(), "\n";

echo "-- many in a row (replies read as they come), then a waiting one\n";
for ($i = 0; $i < 5000; $i++) {
    $r = $nowait->to("u$i")->emit('n', $i);
    if ($r !== null) {
        echo "returned ", var_export($r, true), "\n";
    }
}
var_dump($wait->to('room')->emit('room', 6));
$seen = 0;
for ($i = 0; $i < 5000; $i++) {
    $m = $spy->next();
    $seen += $m !== null && $m[0] === "socket.io#/#u$i#";
}
echo "$seen of 5000 in order\n";
echo substr($spy->hex(), 0, 17), "\n";
echo 'new connections: ', $connections() - $before, "\n";
echo $spy->nothing(), "\n";

echo "-- a batch after no-wait emits\n";
$nowait->emit('all', 7);
var_dump($wait->batch(function (SocketIO\Emitter $b) {
    $b->to('room')->emit('room', 8);
    $b->emit('all', 9);
}));
$spy->hex();
$spy->hex();
$spy->hex();

echo "-- the option and the ini setting\n";
ini_set('socketio.wait', '0');
var_dump((new SocketIO\Emitter($url))->emit('ini'));
var_dump((new SocketIO\Emitter($url, ['wait' => true]))->emit('ini'));
ini_restore('socketio.wait');
var_dump((new SocketIO\Emitter($url))->emit('ini'));
try {
    new SocketIO\Emitter($url, ['wait' => 'soon']);
} catch (TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$spy->hex();
$spy->hex();
$spy->hex();
echo $spy->nothing(), "\n";

echo "-- error replies: a warning on the next use; unread ones at request end go to the log\n";
$admin->call('ACL', 'SETUSER', 'nw', 'on', '>pw', '+publish', '&ok*');
$nw = str_replace('redis://', 'redis://nw:pw@', $url);
$denied = new SocketIO\Emitter($nw, ['wait' => false]);
// Same server and credentials, so the same connection; key "ok" makes channels it may use.
$allowed = new SocketIO\Emitter($nw, ['key' => 'ok']);
var_dump($denied->emit('x'));
var_dump($allowed->emit('fine'));
var_dump($denied->emit('y'));
var_dump($allowed->emit('fine'));
echo substr($spy->hex(), 0, 5), ' ', substr($spy->hex(), 0, 5), "\n";
echo $spy->nothing(), "\n";
echo "-- in a child process: the error log at request end\n";
$log = tempnam(sys_get_temp_dir(), 'socketio-nowait');
echo socketio_test_child('-d error_log=' . escapeshellarg($log) . ' -d log_errors=1 -d display_errors=1 -r ' . escapeshellarg(
    'var_dump((new SocketIO\Emitter(' . var_export(str_replace('redis://', 'redis://nw:pw@', $url), true) . ', ["wait" => false]))->emit("x")); echo "script ended\n";'
));
foreach (file($log, FILE_IGNORE_NEW_LINES) as $line) {
    echo preg_replace(['/^\[[^\]]+\] /', '/@[0-9.:]+/'], ['[time] ', '@HOST'], $line), "\n";
}
unlink($log);
?>
--EXPECTF--
-- a no-wait emit, then waiting calls on the same connection
NULL
int(1)
NULL
NULL
int(0)
int(1)
new connections: 0
socket.io#/# 93a7656d697474657283a47479706502a46461746192a3616c6c01a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
socket.io#/#room# 93a7656d697474657283a47479706502a46461746192a4726f6f6d02a36e7370a12f83a5726f6f6d7391a4726f6f6da5666c61677380a665786365707490
socket.io#/# 93a7656d697474657283a47479706502a46461746192a3616c6c03a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
socket.io#/# 93a7656d697474657283a47479706502a46461746192a3616c6c04a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
socket.io#/#room# 93a7656d697474657283a47479706502a46461746192a4726f6f6d05a36e7370a12f83a5726f6f6d7391a4726f6f6da5666c61677380a665786365707490
nothing published
-- many in a row (replies read as they come), then a waiting one
int(1)
5000 of 5000 in order
socket.io#/#room#
new connections: 0
nothing published
-- a batch after no-wait emits
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(3)
}
-- the option and the ini setting
NULL
int(3)
int(3)
TypeError: SocketIO\Emitter::__construct(): option "wait" must be of type bool, string given
nothing published
-- error replies: a warning on the next use; unread ones at request end go to the log
NULL

Warning: SocketIO\Emitter::emit(): an emit sent without waiting was not confirmed: redis://nw@%s replied: NOPERM %s in %s on line %d
int(1)
NULL

Warning: SocketIO\Emitter::emit(): an emit sent without waiting was not confirmed: redis://nw@%s replied: NOPERM %s in %s on line %d
int(1)
ok#/# ok#/#
nothing published
-- in a child process: the error log at request end
NULL
script ended
[time] socketio: an emit sent without waiting was not confirmed: redis://nw@HOST replied: NOPERM %s
