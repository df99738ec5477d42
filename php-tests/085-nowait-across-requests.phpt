--TEST--
wait => false across requests (php -S, one process): request end does not wait for replies; a connection with replies still on their way stays with the process, and its next use in a later request reads them first (a count never takes an earlier request's reply); their errors go to the log, not to the later script; process end reads what is left; nothing lost or duplicated
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$url = socketio_test_url();
$spy = new RedisSpy();
$admin = $spy->redis();
// Three subscribers of room r2's channel: an emit to r2 counts 4 (with the spy's PSUBSCRIBE),
// one to r1 counts 1. A stale reply taken for an r2 count would show as 1.
$subscribers = [];
for ($i = 0; $i < 3; $i++) {
    $subscribers[$i] = new RespConnection($url);
    $subscribers[$i]->call('SUBSCRIBE', 'socket.io#/#r2#');
}
$admin->call('ACL', 'SETUSER', 'nwx', 'on', '>pw', '+publish', '&ok*');
$nw = str_replace('redis://', 'redis://nwx:pw@', $url);

$dir = sys_get_temp_dir() . '/socketio-085-' . getmypid();
@mkdir($dir);
$log = "$dir/error.log";
touch($log);
// One script for every request: ?step= says what it does. `timeout` 30: a request end that
// waited for a reply would hold the response for 30 s and then log a timeout.
file_put_contents("$dir/app.php", '<?php
$url = ' . var_export($url, true) . ';
$nw = ' . var_export($nw, true) . ';
$opts = ["timeout" => 30];
switch ($_GET["step"] ?? "") {
    case "nowait":
        $io = new SocketIO\Emitter($url, $opts + ["wait" => false]);
        echo json_encode([$io->to("r1")->emit("a", 1), $io->to("r1")->emit("b", 2), $io->to("r1")->emit("c", 3)]);
        break;
    case "count":
        echo json_encode((new SocketIO\Emitter($url, $opts))->to("r2")->emit("d", 4));
        break;
    case "denied":
        // Same server and credentials: one connection. The allowed emit goes first, so that
        // while Redis is paused the refused one is not even read.
        $ok = new SocketIO\Emitter($nw, $opts + ["wait" => false, "key" => "ok"]);
        $denied = new SocketIO\Emitter($nw, $opts + ["wait" => false]);
        echo json_encode([$ok->emit("e", 5), $denied->emit("refused", 6)]);
        break;
    case "count-nw":
        echo json_encode((new SocketIO\Emitter($nw, $opts + ["key" => "ok"]))->emit("f", 7));
        break;
}
');

$port = socketio_test_closed_port();
$server = proc_open(
    [PHP_BINARY, '-n', '-d', 'extension=' . socketio_test_so(), '-d', "error_log=$log", '-d', 'log_errors=1',
        '-d', 'display_errors=1', '-S', "127.0.0.1:$port", "$dir/app.php"],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', "$dir/stderr.log", 'w']],
    $pipes
);
for ($i = 0; $i < 200 && !($probe = @fsockopen('127.0.0.1', $port)); $i++) {
    usleep(50000);
}
if (!$probe) {
    echo "php -S did not start\n";
    exit(1);
}
fclose($probe);

function get(int $port, string $step): string
{
    $body = file_get_contents("http://127.0.0.1:$port/?step=$step");
    return $body === false ? 'REQUEST FAILED' : $body;
}

function socketio_lines(string $log): array
{
    $out = [];
    foreach (file($log, FILE_IGNORE_NEW_LINES) as $line) {
        if (str_contains($line, 'socketio')) {
            $out[] = preg_replace(['/^\[[^\]]+\] /', '/@[0-9.:]+/'], ['[time] ', '@HOST'], $line);
        }
    }
    return $out;
}

echo "-- request 1 emits without waiting while Redis holds every PUBLISH\n";
// CLIENT PAUSE WRITE: Redis reads the PUBLISHes but runs none (and so answers none) until
// UNPAUSE, which itself is not held.
$admin->call('CLIENT', 'PAUSE', '60000', 'WRITE');
echo get($port, 'nowait'), "\n";
echo 'log after request 1: ', json_encode(socketio_lines($log)), "\n";
$admin->call('CLIENT', 'UNPAUSE');
foreach (['a', 'b', 'c'] as $_) {
    echo substr($spy->hex(), 0, 16), "\n";
}

echo "-- request 2 on the same connection: its own count, not request 1's replies\n";
echo get($port, 'count'), "\n";
echo substr($spy->hex(), 0, 16), "\n";
echo $spy->nothing(), "\n";

echo "-- an error reply to request 3, read by request 4: logged, not shown to request 4\n";
$admin->call('CLIENT', 'PAUSE', '60000', 'WRITE');
echo get($port, 'denied'), "\n";
$admin->call('CLIENT', 'UNPAUSE');
echo substr($spy->hex(), 0, 12), "\n";
echo get($port, 'count-nw'), "\n";
echo substr($spy->hex(), 0, 12), "\n";
echo $spy->nothing(), "\n";
echo implode("\n", socketio_lines($log)), "\n";

echo "-- replies still on their way when the process ends: read then, errors logged\n";
file_put_contents($log, '');
$admin->call('CLIENT', 'PAUSE', '60000', 'WRITE');
echo get($port, 'denied'), "\n";
$admin->call('CLIENT', 'UNPAUSE');
// SIGINT: php -S shuts down cleanly (MSHUTDOWN runs).
proc_terminate($server, 2);
echo 'server exit: ', proc_close($server), "\n";
echo substr($spy->hex(), 0, 12), "\n";
echo $spy->nothing(), "\n";
$lines = socketio_lines($log);
if (PHP_ZTS) {
    // Under ZTS what process end finds goes to standard error (the engine's logger cannot
    // open its file at module shutdown there; src/lib.rs).
    foreach (socketio_lines("$dir/stderr.log") as $line) {
        $lines[] = str_starts_with($line, '[time] ') ? $line : "[time] $line";
    }
}
echo implode("\n", $lines), "\n";
$admin->call('ACL', 'DELUSER', 'nwx');
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
-- request 1 emits without waiting while Redis holds every PUBLISH
[null,null,null]
log after request 1: []
socket.io#/#r1# 
socket.io#/#r1# 
socket.io#/#r1# 
-- request 2 on the same connection: its own count, not request 1's replies
4
socket.io#/#r2# 
nothing published
-- an error reply to request 3, read by request 4: logged, not shown to request 4
[null,null]
ok#/# 93a765
1
ok#/# 93a765
nothing published
[time] socketio: an emit sent by an earlier request without waiting was not confirmed: redis://nwx@HOST replied: NOPERM %s
-- replies still on their way when the process ends: read then, errors logged
[null,null]
server exit: 0
ok#/# 93a765
nothing published
[time] socketio: an emit sent without waiting was not confirmed: redis://nwx@HOST replied: NOPERM %s
