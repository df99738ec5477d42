--TEST--
EncodingException names the place and the reason: invalid UTF-8, NAN/INF, resource, Closure, recursion, depth > 512, pure enum; nothing published
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
enum Pure { case A; }
class Holder { public $inner; protected $skip; }

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
$h = fopen('php://memory', 'r');
$closed = fopen('php://memory', 'r');
fclose($closed);

$rec = ['a' => 1];
$rec['self'] = &$rec;
$obj = new stdClass();
$obj->self = $obj;
$deepObj = new Holder();
$deepObj->inner = ['list' => [0, new Holder()]];
$deepObj->inner['list'][1]->inner = "\xc3";

$cases = [
    'invalid UTF-8 deep' => fn () => $io->emit('e', 1, ['user' => ['name' => "caf\xe9"]]),
    'lone byte' => fn () => $io->emit('e', "\xff"),
    'truncated sequence' => fn () => $io->to('r')->emit('e', ['k' => "ok", 'v' => "\xe2\x82"]),
    'overlong' => fn () => $io->emit('e', "\xc0\xaf"),
    'surrogate' => fn () => $io->emit('e', "\xed\xa0\x80"),
    'invalid key' => fn () => $io->emit('e', ["k\xff" => 1]),
    'list index path' => fn () => $io->emit('e', [0, 1, 2, "\xff"]),
    'property path' => fn () => $io->emit('e', $deepObj),
    'NAN' => fn () => $io->emit('e', NAN),
    'INF' => fn () => $io->emit('e', ['x' => INF]),
    '-INF' => fn () => $io->emit('e', 1, 2, [-INF]),
    'resource' => fn () => $io->emit('e', ['h' => $h]),
    'closed resource' => fn () => $io->emit('e', $closed),
    'Closure' => fn () => $io->emit('e', 1, 2, fn () => 1),
    'recursive array' => fn () => $io->emit('e', $rec),
    'recursive object' => fn () => $io->emit('e', $obj),
    'pure enum' => fn () => $io->emit('e', Pure::A),
    'serverSideEmit' => fn () => $io->serverSideEmit('e', ['x' => NAN]),
    'serverSideEmit UTF-8' => fn () => $io->of('/a')->serverSideEmit('e', "\xff"),
];
foreach ($cases as $label => $call) {
    echo "$label: ";
    socketio_test_throws($spy, $call);
}

// Depth: the limit is json_encode's default, 512. 512 nested arrays are fine, 513 are not.
$nest = fn (int $n) => array_reduce(range(1, $n), fn ($carry) => [$carry], 'leaf');
var_dump(json_encode($nest(512)) !== false, json_encode($nest(513)) === false);
$io->emit('v', $nest(512));
$hex = $spy->arg();
echo 'depth 512: ', $hex === str_repeat('91', 512) . 'a46c656166' ? 'ok' : $hex, "\n";
socketio_test_throws($spy, fn () => $io->emit('e', $nest(513)));
$o = 'leaf';
for ($i = 0; $i < 600; $i++) {
    $n = new stdClass();
    $n->c = $o;
    $o = $n;
}
socketio_test_throws($spy, fn () => $io->emit('e', $o));

echo get_class(new SocketIO\EncodingException()), ' ', (new SocketIO\EncodingException()) instanceof SocketIO\Exception ? 'is' : 'is not', " a SocketIO\\Exception\n";
?>
--EXPECTF--
invalid UTF-8 deep: SocketIO\EncodingException: $args[1]['user']['name']: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
lone byte: SocketIO\EncodingException: $args[0]: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
truncated sequence: SocketIO\EncodingException: $args[0]['v']: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
overlong: SocketIO\EncodingException: $args[0]: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
surrogate: SocketIO\EncodingException: $args[0]: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
invalid key: SocketIO\EncodingException: $args[0]['k\xFF']: array key is not valid UTF-8
  nothing published
list index path: SocketIO\EncodingException: $args[0][3]: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
property path: SocketIO\EncodingException: $args[0]->inner['list'][1]->inner: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
NAN: SocketIO\EncodingException: $args[0]: float NAN cannot be sent (only finite numbers)
  nothing published
INF: SocketIO\EncodingException: $args[0]['x']: float INF cannot be sent (only finite numbers)
  nothing published
-INF: SocketIO\EncodingException: $args[2][0]: float -INF cannot be sent (only finite numbers)
  nothing published
resource: SocketIO\EncodingException: $args[0]['h']: resource cannot be sent
  nothing published
closed resource: SocketIO\EncodingException: $args[0]: resource cannot be sent
  nothing published
Closure: SocketIO\EncodingException: $args[2]: Closure cannot be sent
  nothing published
recursive array: SocketIO\EncodingException: $args[0]['self']: recursive reference
  nothing published
recursive object: SocketIO\EncodingException: $args[0]->self: recursive reference
  nothing published
pure enum: SocketIO\EncodingException: $args[0]: non-backed enum Pure cannot be sent
  nothing published
serverSideEmit: SocketIO\EncodingException: $args[0]['x']: float NAN cannot be sent (only finite numbers)
  nothing published
serverSideEmit UTF-8: SocketIO\EncodingException: $args[0]: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
bool(true)
bool(true)
depth 512: ok
SocketIO\EncodingException: $args[0][0][0]%s...: nesting deeper than 512 levels
  nothing published
SocketIO\EncodingException: $args[0]->c->c%s...: nesting deeper than 512 levels
  nothing published
SocketIO\EncodingException is a SocketIO\Exception
