--TEST--
Values changed or freed by PHP code while they are converted (jsonSerialize() unsetting, growing, reassigning, freeing the walked array or object): no crash, the result json_encode() gives
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
require __DIR__ . '/_msgpack.php';

class Call implements JsonSerializable
{
    public function __construct(public $fn) {}
    public function jsonSerialize(): mixed { return ($this->fn)(); }
}
class Three { public $a; public $b; public $c; }

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

/** What was published for one value, as canonical text. */
function sent(callable $make): string
{
    global $io, $spy;
    try {
        $io->emit('v', $make());
    } catch (Throwable $e) {
        return get_class($e) . ': ' . $e->getMessage() . ' (' . $spy->nothing() . ')';
    }
    $m = $spy->next();
    return $m === null ? 'NOTHING PUBLISHED' : socketio_render_msgpack(socketio_test_emitted_arg($m[1]));
}

/** The same value, built again, through json_encode(). */
function json(callable $make): string
{
    return socketio_render_json_of($make()) ?? 'json_encode refuses: ' . json_last_error_msg();
}

$cases = [
    // The array being walked is changed through the closure's reference: it is separated,
    // the walk goes on over the value given.
    'array grown and unset while walked' => function () {
        $g = [1, 2, null, 4, 5];
        $g[2] = new Call(function () use (&$g) {
            unset($g[3]);
            $g[] = 9;
            for ($i = 0; $i < 1000; $i++) {
                $g["k$i"] = $i;
            }
            return 'm';
        });
        return $g;
    },
    'global array set to null while walked' => function () {
        $GLOBALS['walked'] = [1, 2, null, 4];
        $GLOBALS['walked'][2] = new Call(function () {
            $GLOBALS['walked'] = null;
            gc_collect_cycles();
            return str_repeat('z', 10);
        });
        return $GLOBALS['walked'];
    },
    // stdClass: dynamic properties live in a table that is separated on write.
    'stdClass grown and unset while walked' => function () {
        $q = new stdClass();
        $q->x = null;
        $q->y = 1;
        $q->x = new Call(function () use ($q) {
            foreach (range(0, 200) as $i) {
                $q->{"n$i"} = $i;
            }
            unset($q->y);
            return 0;
        });
        return $q;
    },
    // Declared properties are slots of the object itself: later slots are read as they are
    // when the walk reaches them, as json_encode() reads them.
    'declared properties changed while walked' => function () {
        $p = new Three();
        $p->b = 2;
        $p->c = 3;
        $p->a = new Call(function () use ($p) {
            unset($p->b);
            $p->c = str_repeat('c', 5);
            return 'A';
        });
        return $p;
    },
];
foreach ($cases as $label => $make) {
    $got = sent($make);
    echo "$label: $got", $got === json($make) ? '' : ' (json_encode: ' . json($make) . ')', "\n";
}

// The only reference to an object is a reference slot; its own jsonSerialize()-able property
// reassigns that slot, which frees the object while its declared properties are being read.
// Objects of the same class are then created, to take over the freed memory.
$victim = new Three();
$victim->a = new Call(function () {
    $GLOBALS['victim'] = null;
    for ($i = 0; $i < 50; $i++) {
        $junk[$i] = new Three();
        $junk[$i]->b = str_repeat('J', 40);
        $junk[$i]->c = [$i];
    }
    return 1;
});
$victim->b = str_repeat('b', 40);
$victim->c = [1, 2];
$slot = [&$victim];
echo "object freed during its own walk: ", sent(fn () => $slot), "\n";

// ArrayObject's storage is written in place even while the walk holds it: the element removes
// itself, which frees its key (a string built at run time, held by nothing else), and grows
// the storage; strings of the key's size then take over its memory. The message must still
// name the key.
function storage(mixed $result): ArrayObject
{
    $ao = new ArrayObject([]);
    $ao[str_repeat('key', 10) . strlen('run-time')] = new Call(function () use ($ao, $result) {
        unset($ao[array_key_first($ao->getArrayCopy())]);
        for ($i = 0; $i < 100; $i++) {
            $ao[] = str_repeat('x', 30);
            $GLOBALS['junk'][] = str_repeat('Q', 31);
        }
        return $result;
    });
    return $ao;
}
echo "ArrayObject element removing itself, bad value: ", sent(fn () => storage(NAN)), "\n";
// Which of the elements added meanwhile the walk still meets depends on where the engine
// moved them (the storage is compacted when it grows); the element itself is sent as it was.
$got = sent(fn () => storage('m'));
echo "ArrayObject element removing itself: ", str_contains($got, '"keykeykeykeykeykeykeykeykeykey8":"m"') ? 'sent' : $got, "\n";
?>
--EXPECT--
array grown and unset while walked: [1,2,"m",4,5]
global array set to null while walked: [1,2,"zzzzzzzzzz",4]
stdClass grown and unset while walked: {"x":0,"y":1}
declared properties changed while walked: {"a":"A","c":"ccccc"}
object freed during its own walk: [{"a":1,"b":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","c":[1,2]}]
ArrayObject element removing itself, bad value: SocketIO\EncodingException: $args[0]->keykeykeykeykeykeykeykeykeykey8: float NAN cannot be sent (only finite numbers) (nothing published)
ArrayObject element removing itself: sent
