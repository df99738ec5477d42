<?php
// Reading back what the extension published, for tests that compare it with json_encode():
// a msgpack reader (tests run under `php -n`, without the msgpack extension) and one canonical
// text for both sides. Trees keep map order and duplicate keys: a map is ['map' => [[k, v], ...]],
// binary ['bin' => bytes], anything else a PHP scalar or list.

final class MsgpackReader
{
    private int $pos = 0;

    public function __construct(private string $buf) {}

    /** The one value $bytes hold; throws on truncated, trailing or unknown bytes. */
    public static function decode(string $bytes): mixed
    {
        $r = new self($bytes);
        $v = $r->value();
        if ($r->pos !== strlen($bytes)) {
            throw new UnexpectedValueException('trailing bytes after msgpack value at ' . $r->pos);
        }
        return $v;
    }

    private function take(int $n): string
    {
        if ($n < 0 || $this->pos + $n > strlen($this->buf)) {
            throw new UnexpectedValueException("truncated msgpack at {$this->pos} (+$n)");
        }
        $s = substr($this->buf, $this->pos, $n);
        $this->pos += $n;
        return $s;
    }

    private function uint(int $bytes): int
    {
        $fmt = [1 => 'C', 2 => 'n', 4 => 'N', 8 => 'J'][$bytes];
        return unpack($fmt, $this->take($bytes))[1];
    }

    private function sint(int $bytes): int
    {
        $u = $this->uint($bytes);
        if ($bytes < 8 && $u >= (1 << ($bytes * 8 - 1))) {
            $u -= 1 << ($bytes * 8);
        }
        return $u;
    }

    public function value(): mixed
    {
        $b = ord($this->take(1));
        if ($b <= 0x7f) return $b;
        if ($b >= 0xe0) return $b - 0x100;
        if (($b & 0xf0) === 0x80) return $this->map($b & 0x0f);
        if (($b & 0xf0) === 0x90) return $this->items($b & 0x0f);
        if (($b & 0xe0) === 0xa0) return $this->str($b & 0x1f);
        switch ($b) {
            case 0xc0: return null;
            case 0xc2: return false;
            case 0xc3: return true;
            case 0xc4: return ['bin' => $this->take($this->uint(1))];
            case 0xc5: return ['bin' => $this->take($this->uint(2))];
            case 0xc6: return ['bin' => $this->take($this->uint(4))];
            case 0xca: return unpack('G', $this->take(4))[1];
            case 0xcb: return unpack('E', $this->take(8))[1];
            case 0xcc: return $this->uint(1);
            case 0xcd: return $this->uint(2);
            case 0xce: return $this->uint(4);
            case 0xcf:
                $u = $this->uint(8);
                if ($u < 0) throw new UnexpectedValueException('uint64 beyond PHP_INT_MAX');
                return $u;
            case 0xd0: return $this->sint(1);
            case 0xd1: return $this->sint(2);
            case 0xd2: return $this->sint(4);
            case 0xd3: return $this->sint(8);
            case 0xd9: return $this->str($this->uint(1));
            case 0xda: return $this->str($this->uint(2));
            case 0xdb: return $this->str($this->uint(4));
            case 0xdc: return $this->items($this->uint(2));
            case 0xdd: return $this->items($this->uint(4));
            case 0xde: return $this->map($this->uint(2));
            case 0xdf: return $this->map($this->uint(4));
        }
        throw new UnexpectedValueException(sprintf('unsupported msgpack byte 0x%02x at %d', $b, $this->pos - 1));
    }

    private function str(int $n): string
    {
        $s = $this->take($n);
        if (preg_match('//u', $s) !== 1) throw new UnexpectedValueException('str is not UTF-8');
        return $s;
    }

    private function items(int $n): array
    {
        $out = [];
        for ($i = 0; $i < $n; $i++) $out[] = $this->value();
        return $out;
    }

    private function map(int $n): array
    {
        $out = [];
        for ($i = 0; $i < $n; $i++) {
            $k = $this->value();
            if (!is_string($k)) throw new UnexpectedValueException('map key is not a string');
            $out[] = [$k, $this->value()];
        }
        return ['map' => $out];
    }
}

/** JavaScript's `Object.keys` order: canonical array indexes ascending, then the others as given. */
function socketio_js_key_order(array $pairs): array
{
    $index = [];
    $named = [];
    foreach ($pairs as $p) {
        $k = (string) $p[0];
        if (preg_match('/^(0|[1-9][0-9]{0,9})$/', $k) && (int) $k < 4294967295) {
            $index[] = $p;
        } else {
            $named[] = $p;
        }
    }
    usort($index, fn ($a, $b) => (int) $a[0] <=> (int) $b[0]);
    return array_merge($index, $named);
}

/** One canonical text for a tree read by MsgpackReader. */
function socketio_render_msgpack(mixed $v): string
{
    if (is_array($v) && isset($v['map']) && count($v) === 1 && is_array($v['map'])) {
        $parts = [];
        foreach ($v['map'] as [$k, $item]) {
            $parts[] = json_encode((string) $k) . ':' . socketio_render_msgpack($item);
        }
        return '{' . implode(',', $parts) . '}';
    }
    if (is_array($v) && isset($v['bin']) && count($v) === 1 && is_string($v['bin'])) {
        return 'bin:' . bin2hex($v['bin']);
    }
    if (is_array($v)) {
        return '[' . implode(',', array_map('socketio_render_msgpack', $v)) . ']';
    }
    return socketio_render_scalar($v);
}

function socketio_render_scalar(mixed $v): string
{
    return match (true) {
        $v === null => 'null',
        is_bool($v) => $v ? 'true' : 'false',
        is_int($v) => (string) $v,
        is_float($v) => 'f' . sprintf('%.17g', $v),
        is_string($v) => json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
        default => throw new LogicException('cannot render ' . get_debug_type($v)),
    };
}

/**
 * The same canonical text for what json_encode() says of $value, with object keys in
 * JavaScript's order; null when json_encode refuses the value.
 */
function socketio_render_json_of(mixed $value): ?string
{
    $json = json_encode($value, JSON_PRESERVE_ZERO_FRACTION);
    if ($json === false) {
        return null;
    }
    $pos = 0;
    $tree = socketio_json_parse($json, $pos);
    return socketio_render_msgpack(socketio_js_reorder($tree));
}

/** Applies JavaScript's key order to every map of a tree. */
function socketio_js_reorder(mixed $v): mixed
{
    if (is_array($v) && isset($v['map']) && count($v) === 1 && is_array($v['map'])) {
        $pairs = array_map(fn ($p) => [$p[0], socketio_js_reorder($p[1])], $v['map']);
        return ['map' => socketio_js_key_order($pairs)];
    }
    if (is_array($v) && !isset($v['bin'])) {
        return array_map('socketio_js_reorder', $v);
    }
    return $v;
}

/** json_encode's output as the tree MsgpackReader returns (order and duplicate keys kept). */
function socketio_json_parse(string $s, int &$pos): mixed
{
    $c = $s[$pos];
    if ($c === '{' || $c === '[') {
        $pos++;
        $out = [];
        $close = $c === '{' ? '}' : ']';
        while ($s[$pos] !== $close) {
            if ($c === '{') {
                $k = socketio_json_parse($s, $pos);
                $pos++; // ':'
                $out[] = [$k, socketio_json_parse($s, $pos)];
            } else {
                $out[] = socketio_json_parse($s, $pos);
            }
            if ($s[$pos] === ',') {
                $pos++;
            }
        }
        $pos++;
        return $c === '{' ? ['map' => $out] : $out;
    }
    if ($c === '"') {
        preg_match('/"(?:[^"\\\\]++|\\\\.)*+"/A', $s, $m, 0, $pos);
        $pos += strlen($m[0]);
        return json_decode($m[0]);
    }
    preg_match('/true|false|null|-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/A', $s, $m, 0, $pos);
    $pos += strlen($m[0]);
    return match ($m[0]) {
        'true' => true,
        'false' => false,
        'null' => null,
        default => isset($m[1]) || isset($m[2]) ? (float) $m[0] : (int) $m[0],
    };
}

/** The i-th argument of the event in a published broadcast (`["emitter", packet, opts]`). */
function socketio_test_emitted_arg(string $payload, int $i = 0): mixed
{
    $message = MsgpackReader::decode($payload);
    foreach ($message[1]['map'] as [$key, $value]) {
        if ($key === 'data') {
            return $value[$i + 1];
        }
    }
    throw new UnexpectedValueException('no data in the packet');
}
