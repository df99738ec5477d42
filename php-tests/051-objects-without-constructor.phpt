--TEST--
Objects whose constructor never ran (msgpack's unpacker, a __toString() reaching the object under construction): var_dump works, methods throw a clear \Error, an uninitialised Binary is refused as a value; calling the constructor then initialises them
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

/** Grabs the object under construction from the backtrace, then makes its constructor fail. */
class Grab
{
    public static array $got = [];
    public function __toString(): string
    {
        foreach (debug_backtrace(DEBUG_BACKTRACE_PROVIDE_OBJECT) as $frame) {
            if (isset($frame['object']) && $frame['object'] instanceof SocketIO\Binary) {
                self::$got[] = $frame['object'];
            }
        }
        throw new RuntimeException('constructor interrupted');
    }
}

echo "-- a Binary grabbed from its own constructor\n";
try {
    new SocketIO\Binary(new Grab());
} catch (RuntimeException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$bin = Grab::$got[0];
var_dump($bin);
print_r($bin);
echo "\n";
socketio_test_throws($spy, fn () => $bin->getBytes());
socketio_test_throws($spy, fn () => $io->emit('e', $bin));
socketio_test_throws($spy, fn () => $io->emit('e', ['list' => [1, $bin]]));
socketio_test_throws($spy, fn () => $io->serverSideEmit('e', $bin));

echo "-- every class, made by the msgpack extension's unpacker (it ignores 'not serializable')\n";
$script = <<<'PHP'
$io = new SocketIO\Emitter($argv[1]);
function make(string $class): object
{
    // msgpack's object form: a map whose first entry is nil => the class name.
    return msgpack_unpack("\x81\xc0\xd9" . chr(strlen($class)) . $class);
}
function attempt(string $label, callable $fn): void
{
    try {
        $r = $fn();
        echo "  $label: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "  $label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
foreach (['SocketIO\Emitter', 'SocketIO\BroadcastOperator'] as $class) {
    $o = make($class);
    echo get_class($o), "\n";
    var_dump($o);
    echo '  print_r: ', trim(str_replace("\n", ' ', print_r($o, true))), "\n";
    foreach (['emit' => fn () => $o->emit('e', 1), 'to' => fn () => $o->to('r'), 'in' => fn () => $o->in('r'),
        'except' => fn () => $o->except('r'), 'volatile' => fn () => $o->volatile(),
        'compress' => fn () => $o->compress(), 'socketsJoin' => fn () => $o->socketsJoin('r'),
        'socketsLeave' => fn () => $o->socketsLeave('r'), 'disconnectSockets' => fn () => $o->disconnectSockets(),
        'clone, emit' => fn () => (clone $o)->emit('e')] as $label => $fn) {
        attempt($label, $fn);
    }
    if ($o instanceof SocketIO\Emitter) {
        attempt('of', fn () => $o->of('/x'));
        attempt('serverSideEmit', fn () => $o->serverSideEmit('e', 1));
        attempt('__construct', fn () => $o->__construct($argv[1], ['key' => 'late']));
        attempt('then emit', fn () => $o->to('r')->emit('e'));
        attempt('__construct again', fn () => $o->__construct($argv[1]));
    }
}
$bin = make('SocketIO\Binary');
var_dump($bin);
attempt('getBytes', fn () => $bin->getBytes());
attempt('emit it', fn () => $io->emit('e', [$bin]));
attempt('__construct', fn () => $bin->__construct('bytes'));
attempt('then getBytes', fn () => $bin->getBytes());
PHP;
$file = tempnam(sys_get_temp_dir(), 'sio');
file_put_contents($file, "<?php\n" . $script);
echo socketio_test_child('-d extension=msgpack -f ' . escapeshellarg($file) . ' ' . escapeshellarg(socketio_test_url()));
unlink($file);
echo 'late#/#r#: ', explode(' ', $spy->text())[0], "\n";
echo $spy->nothing(), "\n";
?>
--EXPECTF--
-- a Binary grabbed from its own constructor
RuntimeException: constructor interrupted
object(SocketIO\Binary)#%d (0) {
}
SocketIO\Binary Object
(
)

Error: SocketIO\Binary object is not initialised: its constructor was not called
  nothing published
SocketIO\EncodingException: $args[0]: SocketIO\Binary object is not initialised (its constructor was not called)
  nothing published
SocketIO\EncodingException: $args[0]['list'][1]: SocketIO\Binary object is not initialised (its constructor was not called)
  nothing published
SocketIO\EncodingException: $args[0]: SocketIO\Binary object is not initialised (its constructor was not called)
  nothing published
-- every class, made by the msgpack extension's unpacker (it ignores 'not serializable')
SocketIO\Emitter
object(SocketIO\Emitter)#%d (0) {
}
  print_r: SocketIO\Emitter Object ( )
  emit: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  to: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  in: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  except: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  volatile: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  compress: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  socketsJoin: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  socketsLeave: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  disconnectSockets: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  clone, emit: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  of: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  serverSideEmit: Error: SocketIO\Emitter object is not initialised: its constructor was not called
  __construct: NULL
  then emit: 1
  __construct again: Error: Cannot call SocketIO\Emitter::__construct() on an object that is already constructed: it is immutable
SocketIO\BroadcastOperator
object(SocketIO\BroadcastOperator)#%d (0) {
}
  print_r: SocketIO\BroadcastOperator Object ( )
  emit: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  to: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  in: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  except: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  volatile: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  compress: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  socketsJoin: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  socketsLeave: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  disconnectSockets: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
  clone, emit: Error: SocketIO\BroadcastOperator object is not initialised: its constructor was not called
object(SocketIO\Binary)#%d (0) {
}
  getBytes: Error: SocketIO\Binary object is not initialised: its constructor was not called
  emit it: SocketIO\EncodingException: $args[0][0]: SocketIO\Binary object is not initialised (its constructor was not called)
  __construct: NULL
  then getBytes: 'bytes'
late#/#r#: late#/#r#
nothing published
