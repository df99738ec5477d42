--TEST--
Token secret: socketio.secret is the default, cannot be ini_set(), is masked in phpinfo/--ri, and never shows in messages or traces (#[\SensitiveParameter])
--EXTENSIONS--
socketio
--INI--
socketio.secret=ini-secret-0123456789-0123456789-XYZ
zend.exception_ignore_args=0
--FILE--
<?php
require __DIR__ . '/_helpers.php';
require __DIR__ . '/_token.php';
use SocketIO\Token;

$ini = 'ini-secret-0123456789-0123456789-XYZ';
$arg = 'argument-secret-0123456789-0123456789';
$short = 'short-secret-ABC';

echo "-- defaults\n";
$t = Token::issue('u', ['r']);
var_dump(Token::verify($t)['sub'], Token::verify($t, $ini)['sub'], Token::verify($t, '')['sub']);
token_refused('ini token, argument secret', fn () => Token::verify($t, $arg));
$t2 = Token::issue('u', ['r'], secret: $arg);
var_dump(Token::verify($t2, $arg)['sub']);
token_refused('argument token, ini secret', fn () => Token::verify($t2));
// Independent check: the ini secret is what signed it.
[$h, $p] = explode('.', $t);
var_dump($t === token_forge(token_unb64($h), token_unb64($p), $ini));

echo "-- PHP_INI_SYSTEM|PHP_INI_PERDIR: not changeable at run time\n";
var_dump(ini_set('socketio.secret', $arg), ini_get('socketio.secret') === $ini);

echo "-- refused secrets\n";
token_refused('short argument', fn () => Token::issue('u', [], secret: $short));
token_refused('short, verify', fn () => Token::verify($t, $short));
echo socketio_test_child('-r ' . escapeshellarg('try { SocketIO\Token::issue("u", []); } catch (SocketIO\TokenException $e) { echo $e->getCode(), " ", $e->getMessage(), "\n"; }'));
echo socketio_test_child('-d socketio.secret=' . $short . ' -r ' . escapeshellarg('try { SocketIO\Token::verify("a.b.c"); } catch (SocketIO\TokenException $e) { echo $e->getCode(), " ", $e->getMessage(), "\n"; }'));

echo "-- nowhere to be seen\n";
$seen = [];
foreach ([fn () => Token::issue('u', [], secret: $short), fn () => Token::verify($t, $short), fn () => Token::verify('x', $arg),
          fn () => Token::issue('u', [1.5], 300, [], $arg), fn () => Token::issue('u', [], 0, [], $arg)] as $f) {
    try {
        $f();
    } catch (Throwable $e) {
        $seen[] = (string) $e . print_r($e->getTrace(), true) . var_export($e->getTrace(), true);
    }
}
ob_start();
phpinfo(INFO_MODULES);
$seen[] = ob_get_clean();
ob_start();
(new ReflectionExtension('socketio'))->info();
$info = ob_get_clean();
$seen[] = $info;
$seen[] = socketio_test_child('-d socketio.secret=' . $arg . ' --ri socketio');
// (Not INFO_ENVIRONMENT: run-tests.php puts this test's own -d arguments in the environment.)
$seen[] = socketio_test_child('-d socketio.secret=' . $arg . ' -d html_errors=1 -r "phpinfo(INFO_GENERAL | INFO_CONFIGURATION | INFO_MODULES);"');
$all = implode("\n", $seen);
foreach (['ini' => $ini, 'argument' => $arg, 'short' => $short] as $name => $s) {
    echo "$name secret shown: ", var_export(str_contains($all, $s), true), "\n";
}
echo "SensitiveParameterValue in traces: ", substr_count($all, 'SensitiveParameterValue') >= 5 ? 'yes' : 'no', "\n";
preg_match('/^socketio\.secret => .*$/m', $info, $m);
echo $m[0], "\n";
// Unset: "no value", as PHP shows any empty setting.
echo implode("\n", preg_grep('/^socketio\.secret/', explode("\n", socketio_test_child('--ri socketio')))), "\n";
?>
--EXPECT--
-- defaults
string(1) "u"
string(1) "u"
string(1) "u"
ini token, argument secret: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
string(1) "u"
argument token, ini secret: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
bool(true)
-- PHP_INI_SYSTEM|PHP_INI_PERDIR: not changeable at run time
bool(false)
bool(true)
-- refused secrets
short argument: SocketIO\TokenException SECRET: the secret is too short: 16 bytes, at least 32 are required (e.g. bin2hex(random_bytes(32)))
short, verify: SocketIO\TokenException SECRET: the secret is too short: 16 bytes, at least 32 are required (e.g. bin2hex(random_bytes(32)))
26 no secret: pass $secret or set socketio.secret (php.ini, or your framework's config such as socketio.secret in CodeIgniter's .env)
26 the secret is too short: 16 bytes, at least 32 are required (e.g. bin2hex(random_bytes(32)))
-- nowhere to be seen
ini secret shown: false
argument secret shown: false
short secret shown: false
SensitiveParameterValue in traces: yes
socketio.secret => ******** => ********
socketio.secret => no value => no value
