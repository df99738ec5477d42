<?php
// Describes an API through Reflection as plain text lines, so the stub (loaded in a php without
// the extension) and the extension can be compared line by line in 002-reflection-stub.phpt.
// Run directly (`php -n _reflect.php`), it loads the stub and prints the stub's description.

function socketio_describe_type(?ReflectionType $type): string
{
    return $type === null ? '' : (string) $type;
}

function socketio_describe_param(ReflectionParameter $p): string
{
    $s = implode('', array_map(fn ($a) => '#[' . $a->getName() . '] ', $p->getAttributes()));
    $s .= socketio_describe_type($p->getType());
    $s .= ($s === '' || str_ends_with($s, ' ') ? '' : ' ') . ($p->isPassedByReference() ? '&' : '') . ($p->isVariadic() ? '...' : '')
        . '$' . $p->getName();
    if ($p->isDefaultValueAvailable()) {
        $s .= ' = ' . ($p->isDefaultValueConstant()
            ? $p->getDefaultValueConstantName()
            : str_replace("\n", '', var_export($p->getDefaultValue(), true)));
    } elseif ($p->isOptional() && !$p->isVariadic()) {
        // Internal functions may declare "optional" without a default IDEs could show.
        $s .= ' = <optional, no default>';
    }
    return $s;
}

function socketio_describe_method(ReflectionMethod $m): string
{
    $params = array_map('socketio_describe_param', $m->getParameters());
    $ret = $m->hasReturnType() ? ': ' . socketio_describe_type($m->getReturnType())
        : ($m->hasTentativeReturnType() ? ': tentative ' . socketio_describe_type($m->getTentativeReturnType()) : '');
    return '  method ' . implode(' ', Reflection::getModifierNames($m->getModifiers())) . ' '
        . $m->getName() . '(' . implode(', ', $params) . ')' . $ret
        . ' required=' . $m->getNumberOfRequiredParameters();
}

/** @param string[] $classes @param string[] $functions @param string[] $constants */
function socketio_describe_api(array $classes, array $functions, array $constants): string
{
    $lines = [];
    sort($classes);
    foreach ($classes as $name) {
        $c = new ReflectionClass($name);
        $kind = $c->isInterface() ? 'interface' : ($c->isTrait() ? 'trait' : ($c->isEnum() ? 'enum' : 'class'));
        $mods = implode(' ', Reflection::getModifierNames($c->getModifiers()));
        $lines[] = trim("$mods $kind {$c->getName()}");
        $parent = $c->getParentClass();
        $lines[] = '  extends ' . ($parent ? $parent->getName() : '-');
        $ifaces = $c->getInterfaceNames();
        sort($ifaces);
        $lines[] = '  implements ' . ($ifaces ? implode(', ', $ifaces) : '-');
        foreach ($c->getReflectionConstants() as $k) {
            if ($k->getDeclaringClass()->getName() === $c->getName()) {
                $lines[] = '  const ' . implode(' ', Reflection::getModifierNames($k->getModifiers())) . ' ' . $k->getName();
            }
        }
        foreach ($c->getProperties() as $p) {
            if ($p->getDeclaringClass()->getName() === $c->getName()) {
                $lines[] = '  property ' . implode(' ', Reflection::getModifierNames($p->getModifiers())) . ' '
                    . socketio_describe_type($p->getType()) . ' $' . $p->getName();
            }
        }
        $methods = array_filter($c->getMethods(), fn ($m) => $m->getDeclaringClass()->getName() === $c->getName());
        usort($methods, fn ($a, $b) => strcmp($a->getName(), $b->getName()));
        foreach ($methods as $m) {
            $lines[] = socketio_describe_method($m);
        }
    }
    sort($functions);
    foreach ($functions as $f) {
        $r = new ReflectionFunction($f);
        $lines[] = 'function ' . $r->getName() . '(' . implode(', ', array_map('socketio_describe_param', $r->getParameters())) . ')'
            . ($r->hasReturnType() ? ': ' . socketio_describe_type($r->getReturnType()) : '');
    }
    sort($constants);
    foreach ($constants as $k) {
        $lines[] = "constant $k";
    }
    return implode("\n", $lines) . "\n";
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    if (extension_loaded('socketio')) {
        fwrite(STDERR, "run me without the extension (php -n)\n");
        exit(2);
    }
    $classes = get_declared_classes();
    $functions = get_defined_functions()['user'];
    $constants = array_keys(get_defined_constants(true)['user'] ?? []);
    require __DIR__ . '/../stubs/socketio.stub.php';
    echo socketio_describe_api(
        array_values(array_diff(get_declared_classes(), $classes)),
        array_values(array_diff(get_defined_functions()['user'], $functions)),
        array_values(array_diff(array_keys(get_defined_constants(true)['user'] ?? []), $constants)),
    );
}
