--TEST--
BatchException: what was published, what may have been and what was not, by position; code of the kind; on_error warning/log return false with the counts
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$url = socketio_test_url();
$spy = new RedisSpy();
$spy->redis()->call('ACL', 'SETUSER', 'be', 'on', '>pw', '+publish', '&ok#/#*');
$show = function (Throwable $e) {
    echo get_class($e), ' (code ', $e->getCode(), ', a ConnectionException: ', var_export($e instanceof SocketIO\ConnectionException, true), ")\n  ", $e->getMessage(), "\n";
    echo '  published ', json_encode($e->published), ' unknown ', json_encode($e->unknown), ' unsent ', json_encode($e->unsent), "\n";
};
echo "-- Redis refuses some commands (an ACL): the others go through\n";
$io = new SocketIO\Emitter(str_replace('redis://', 'redis://be:pw@', $url), ['key' => 'ok']);
try {
    $io->batch(function (SocketIO\Emitter $b) {
        $b->emit('a');
        $b->of('/x')->emit('b');
        $b->to('r')->emit('c');
    });
} catch (SocketIO\BatchException $e) {
    $show($e);
    echo '  code is SERVER: ', var_export($e->getCode() === SocketIO\Exception::SERVER, true), "\n";
}
$io2 = new SocketIO\Emitter(str_replace('redis://', 'redis://be:pw@', $url), ['key' => 'no']);
try {
    $io2->batch(function (SocketIO\Emitter $b) {
        $b->emit('refused-1');
        $b->emit('refused-2');
    });
} catch (SocketIO\BatchException $e) {
    $show($e);
}
echo '  ', explode(' ', $spy->hex())[0], "\n";
echo '  ', explode(' ', $spy->hex())[0], "\n";
echo '  ', $spy->nothing(), "\n";

echo "-- nothing listening: nothing sent\n";
$down = 'redis://127.0.0.1:' . socketio_test_closed_port();
try {
    (new SocketIO\Emitter($down, ['backoff' => 0]))->batch(function (SocketIO\Emitter $b) {
        $b->emit('a');
        $b->emit('b');
    });
} catch (SocketIO\BatchException $e) {
    $show($e);
    echo '  code is CONNECT: ', var_export($e->getCode() === SocketIO\Exception::CONNECT, true), "\n";
}

echo "-- on_error warning: a warning and false\n";
var_dump((new SocketIO\Emitter($down, ['backoff' => 0, 'on_error' => 'warning']))->batch(fn ($b) => $b->emit('a')));
echo "-- on_error log: a log line and false\n";
$log = tempnam(sys_get_temp_dir(), 'socketio-batch');
ini_set('error_log', $log);
var_dump((new SocketIO\Emitter($down, ['backoff' => 0, 'on_error' => 'log']))->batch(fn ($b) => $b->emit('a')));
echo preg_replace(['/^\[[^\]]+\] /', '/:\d+/'], ['[time] ', ':PORT'], trim(file_get_contents($log))), "\n";
unlink($log);
echo $spy->nothing(), "\n";
?>
--EXPECTF--
-- Redis refuses some commands (an ACL): the others go through
SocketIO\BatchException (code 12, a ConnectionException: true)
  batch of 3 emits: 2 published, 1 not published: redis://be@127.0.0.1:%d replied: NOPERM %s
  published {"0":1,"2":1} unknown [] unsent [1]
  code is SERVER: true
SocketIO\BatchException (code 12, a ConnectionException: true)
  batch of 2 emits: 0 published, 2 not published: redis://be@127.0.0.1:%d replied: NOPERM %s
  published [] unknown [] unsent [0,1]
  ok#/#
  ok#/#r#
  nothing published
-- nothing listening: nothing sent
SocketIO\BatchException (code 3, a ConnectionException: true)
  batch of 2 emits: 0 published, 2 not published: could not connect to redis://127.0.0.1:%d: Connection refused
  published [] unknown [] unsent [0,1]
  code is CONNECT: true
-- on_error warning: a warning and false

Warning: SocketIO\Emitter::batch(): batch of 1 emits: 0 published, 1 not published: could not connect to redis://127.0.0.1:%d: Connection refused in %s on line %d
bool(false)
-- on_error log: a log line and false
bool(false)
[time] socketio: batch of 1 emits: 0 published, 1 not published: could not connect to redis://127.0.0.1:PORT: Connection refused
nothing published
