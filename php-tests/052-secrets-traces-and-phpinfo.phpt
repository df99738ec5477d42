--TEST--
Secrets: __construct's $url and $options are #[\SensitiveParameter] (traces show SensitiveParameterValue with zend.exception_ignore_args=0); phpinfo masks passwords holding commas and malformed URLs
--EXTENSIONS--
socketio
--INI--
zend.exception_ignore_args=0
--FILE--
<?php
require __DIR__ . '/_helpers.php';

function leaks(string $out): bool
{
    foreach (['Hunter2', 'Secret', 'pw-', 'S3cr3t'] as $needle) {
        if (str_contains($out, $needle)) {
            return true;
        }
    }
    return false;
}

function shown(string $what, callable $fn): void
{
    ob_start();
    try {
        $fn();
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    $out = ob_get_clean();
    echo $what, ': ', leaks($out) ? "LEAKED\n$out" : 'clean', "\n";
}

echo "-- Reflection\n";
foreach ((new ReflectionMethod(SocketIO\Emitter::class, '__construct'))->getParameters() as $p) {
    echo '$', $p->getName(), ': ', implode(', ', array_map(fn ($a) => $a->getName(), $p->getAttributes())), "\n";
}

echo "-- errors thrown by the constructor record its arguments\n";
$calls = [
    'ValueError, URL' => fn () => new SocketIO\Emitter('redis://app:Hunter2@h:1', ['timeout' => -1]),
    'TypeError, options' => fn () => new SocketIO\Emitter('redis://h', ['password' => 'S3cr3t', 'timeout' => []]),
    'ValueError, bad URL' => fn () => new SocketIO\Emitter('redis://app:Hunter2@h:notaport'),
    'legacy array' => fn () => new SocketIO\Emitter(['host' => 'h', 'password' => 'S3cr3t', 'port' => 'x']),
    'seed list' => fn () => new SocketIO\Emitter(['redis://u:Hunter2@a:1', 'redis://u:Secret@b:x']),
    'named arguments' => fn () => new SocketIO\Emitter(options: ['password' => 'S3cr3t', 'key' => 1], url: 'redis://:pw-1@h'),
];
foreach ($calls as $label => $call) {
    try {
        $call();
        echo "$label: no exception\n";
        continue;
    } catch (ValueError|TypeError $e) {
        echo "$label: ", get_class($e), "\n";
    }
    $frame = $e->getTrace()[0];
    echo '  frame: ', $frame['class'], $frame['type'], $frame['function'], '(',
        implode(', ', array_map(fn ($a) => get_debug_type($a), $frame['args'])), ")\n";
    shown('  getTrace', fn () => var_dump($e->getTrace()));
    shown('  var_dump', fn () => var_dump($e));
    shown('  print_r', fn () => print_r($e));
    shown('  var_export', fn () => var_export($e));
    shown('  getTraceAsString', fn () => print $e->getTraceAsString());
    shown('  (string)', fn () => print (string) $e);
    shown('  serialize', fn () => print serialize($e));
    shown('  json_encode trace', fn () => print json_encode($e->getTrace()));
}

echo "-- phpinfo / php --ri\n";
$urls = [
    'redis://app:Hunter2,Secret@h:1',
    'redis://app:Hunter2@h:1,redis://app:Secret@h:2',
    'redis://h:1,redis://u:Hunter2,Secret@h:2',
    'redis:/app:Hunter2@h',
    'redis//app:Hunter2@h',
    'app:Hunter2@h',
    'Hunter2@h',
    'redis://Hunter2@h',
    'rediss://u:Hunter2:Secret/x@h:6380/0',
    'unix://:Hunter2@/tmp/redis.sock',
    'redis://u:Hunter2,redis://Secret@h',
];
foreach ($urls as $url) {
    $out = socketio_test_child('-d ' . escapeshellarg("socketio.url=$url") . ' --ri socketio');
    $line = '';
    foreach (explode("\n", $out) as $l) {
        if (str_starts_with($l, 'socketio.url')) {
            $line = $l;
        }
    }
    echo leaks($out) ? "LEAKED: $out" : $line, "\n";
    $out = socketio_test_child('-d ' . escapeshellarg("socketio.url=$url") . ' -r "phpinfo(INFO_MODULES);"');
    echo '  phpinfo: ', leaks($out) ? "LEAKED\n$out" : 'clean', "\n";
}
?>
--EXPECT--
-- Reflection
$url: SensitiveParameter
$options: SensitiveParameter
-- errors thrown by the constructor record its arguments
ValueError, URL: ValueError
  frame: SocketIO\Emitter->__construct(SensitiveParameterValue, SensitiveParameterValue)
  getTrace: clean
  var_dump: clean
  print_r: clean
  var_export: clean
  getTraceAsString: clean
  (string): clean
  serialize: clean
  json_encode trace: clean
TypeError, options: TypeError
  frame: SocketIO\Emitter->__construct(SensitiveParameterValue, SensitiveParameterValue)
  getTrace: clean
  var_dump: clean
  print_r: clean
  var_export: clean
  getTraceAsString: clean
  (string): clean
  serialize: clean
  json_encode trace: clean
ValueError, bad URL: ValueError
  frame: SocketIO\Emitter->__construct(SensitiveParameterValue)
  getTrace: clean
  var_dump: clean
  print_r: clean
  var_export: clean
  getTraceAsString: clean
  (string): clean
  serialize: clean
  json_encode trace: clean
legacy array: ValueError
  frame: SocketIO\Emitter->__construct(SensitiveParameterValue)
  getTrace: clean
  var_dump: clean
  print_r: clean
  var_export: clean
  getTraceAsString: clean
  (string): clean
  serialize: clean
  json_encode trace: clean
seed list: ValueError
  frame: SocketIO\Emitter->__construct(SensitiveParameterValue)
  getTrace: clean
  var_dump: clean
  print_r: clean
  var_export: clean
  getTraceAsString: clean
  (string): clean
  serialize: clean
  json_encode trace: clean
named arguments: TypeError
  frame: SocketIO\Emitter->__construct(SensitiveParameterValue, SensitiveParameterValue)
  getTrace: clean
  var_dump: clean
  print_r: clean
  var_export: clean
  getTraceAsString: clean
  (string): clean
  serialize: clean
  json_encode trace: clean
-- phpinfo / php --ri
socketio.url => redis://app:***@h:1 => redis://app:***@h:1
  phpinfo: clean
socketio.url => redis://app:***@h:1,redis://app:***@h:2 => redis://app:***@h:1,redis://app:***@h:2
  phpinfo: clean
socketio.url => redis://h:1,redis://u:***@h:2 => redis://h:1,redis://u:***@h:2
  phpinfo: clean
socketio.url => redis:***@h => redis:***@h
  phpinfo: clean
socketio.url => redis//app:***@h => redis//app:***@h
  phpinfo: clean
socketio.url => app:***@h => app:***@h
  phpinfo: clean
socketio.url => ***@h => ***@h
  phpinfo: clean
socketio.url => redis://***@h => redis://***@h
  phpinfo: clean
socketio.url => rediss://u:***@h:6380/0 => rediss://u:***@h:6380/0
  phpinfo: clean
socketio.url => unix://:***@/tmp/redis.sock => unix://:***@/tmp/redis.sock
  phpinfo: clean
socketio.url => redis://u:***@h => redis://u:***@h
  phpinfo: clean
