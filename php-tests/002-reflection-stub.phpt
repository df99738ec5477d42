--TEST--
Reflection of the loaded extension equals stubs/socketio.stub.php (classes, methods, parameters, their attributes, types, defaults)
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_reflect.php';

$ext = new ReflectionExtension('socketio');
$actual = socketio_describe_api($ext->getClassNames(), array_keys($ext->getFunctions()), array_keys($ext->getConstants()));

// The stub is loaded by a php that has no extension at all, so its classes cannot collide.
$stub = (string) shell_exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg(__DIR__ . '/_reflect.php') . ' 2>&1');

$count = fn (string $s, string $re) => count(preg_grep($re, explode("\n", $s)));
foreach (['stub' => $stub, 'extension' => $actual] as $what => $api) {
    echo "$what: ", $count($api, '/^[a-z ]*class /'), ' classes, ', $count($api, '/^  method /'), " methods\n";
}

if ($stub === $actual) {
    echo "identical\n";
} else {
    $a = explode("\n", $stub);
    $b = explode("\n", $actual);
    foreach (array_diff($a, $b) as $l) echo "- stub only:      $l\n";
    foreach (array_diff($b, $a) as $l) echo "+ extension only: $l\n";
}
?>
--EXPECT--
stub: 10 classes, 42 methods
extension: 10 classes, 42 methods
identical
