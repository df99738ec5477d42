--TEST--
Token::issue() arguments: clear TypeError/ValueError/EncodingException naming the argument and place; weak-mode ttl; Token cannot be instantiated
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_token.php';
use SocketIO\Token;

$s = 'an example secret of thirty-two+ bytes';
token_refused('user float', fn () => Token::issue(1.5, [], secret: $s));
token_refused('user null', fn () => Token::issue(null, [], secret: $s));
token_refused('user empty', fn () => Token::issue('', [], secret: $s));
token_refused('user not UTF-8', fn () => Token::issue("\xff", [], secret: $s));
token_refused('rooms string', fn () => Token::issue('u', 'admin', secret: $s));
token_refused('rooms float', fn () => Token::issue('u', ['a', 1.5], secret: $s));
token_refused('rooms bool', fn () => Token::issue('u', [true], secret: $s));
token_refused('rooms not UTF-8', fn () => Token::issue('u', ["\xff"], secret: $s));
token_refused('ttl 0', fn () => Token::issue('u', [], 0, secret: $s));
token_refused('ttl negative', fn () => Token::issue('u', [], -5, secret: $s));
token_refused('ttl a timestamp', fn () => Token::issue('u', [], 1700000300, secret: $s));
token_refused('ttl array', fn () => Token::issue('u', [], [], secret: $s));
token_refused('ttl "abc"', fn () => Token::issue('u', [], 'abc', secret: $s));
$c = Token::verify(Token::issue('u', [], '60', secret: $s), $s);
echo 'ttl "60" (weak mode): ', $c['exp'] - $c['iat'], "\n";
token_refused('data string', fn () => Token::issue('u', [], 60, 'x', $s));
token_refused('data resource', fn () => Token::issue('u', [], 60, ['a' => ['b' => STDIN]], $s));
token_refused('data NAN', fn () => Token::issue('u', [], 60, ['n' => [1, NAN]], $s));
token_refused('data not UTF-8', fn () => Token::issue('u', [], 60, ['name' => "\xc3"], $s));
token_refused('data binary', fn () => Token::issue('u', [], 60, ['b' => new SocketIO\Binary('x')], $s));
token_refused('data too large', fn () => Token::issue('u', [], 60, ['x' => str_repeat('a', 70000)], $s));
token_refused('nsp comma', fn () => Token::issue('u', [], 60, [], $s, 'a,b'));
token_refused('nsp array', fn () => Token::issue('u', [], 60, [], $s, []));
token_refused('secret array', fn () => Token::issue('u', [], 60, [], ['x']));
token_refused('new Token', fn () => new Token());
token_refused('unknown named', fn () => Token::issue('u', [], secret: $s, room: 'x'));
echo "nsp '/' kept: ", Token::verify(Token::issue('u', [], 60, [], $s, '/'), $s)['nsp'], "\n";
?>
--EXPECTF--
user float: TypeError: SocketIO\Token::issue(): Argument #1 ($user) must be of type string|int, float given
user null: TypeError: SocketIO\Token::issue(): Argument #1 ($user) must be of type string|int, null given
user empty: ValueError: SocketIO\Token::issue(): Argument #1 ($user) must not be empty
user not UTF-8: ValueError: SocketIO\Token::issue(): Argument #1 ($user) must be a valid UTF-8 string
rooms string: TypeError: SocketIO\Token::issue(): Argument #2 ($rooms) must be of type array, string given
rooms float: TypeError: SocketIO\Token::issue(): Argument #2 ($rooms) must contain only strings and integers, float given
rooms bool: TypeError: SocketIO\Token::issue(): Argument #2 ($rooms) must contain only strings and integers, bool given
rooms not UTF-8: ValueError: SocketIO\Token::issue(): Argument #2 ($rooms) must contain only valid UTF-8 strings and integers
ttl 0: ValueError: SocketIO\Token::issue(): Argument #3 ($ttl) must be a lifetime in seconds between 1 and 2592000 (30 days), got 0; it is a duration, not a timestamp
ttl negative: ValueError: SocketIO\Token::issue(): Argument #3 ($ttl) must be a lifetime in seconds between 1 and 2592000 (30 days), got -5; it is a duration, not a timestamp
ttl a timestamp: ValueError: SocketIO\Token::issue(): Argument #3 ($ttl) must be a lifetime in seconds between 1 and 2592000 (30 days), got 1700000300; it is a duration, not a timestamp
ttl array: TypeError: SocketIO\Token::issue(): Argument #3 ($ttl) must be of type int, array given
ttl "abc": TypeError: SocketIO\Token::issue(): Argument #3 ($ttl) must be of type int, string given
ttl "60" (weak mode): 60
data string: TypeError: SocketIO\Token::issue(): Argument #4 ($data) must be of type array, string given
data resource: SocketIO\EncodingException: $data['a']['b']: resource cannot be sent
data NAN: SocketIO\EncodingException: $data['n'][1]: float NAN cannot be sent (only finite numbers)
data not UTF-8: SocketIO\EncodingException: $data['name']: string is not valid UTF-8
data binary: ValueError: SocketIO\Token::issue(): Argument #4 ($data) must not contain SocketIO\Binary: a token is JSON
data too large: ValueError: SocketIO\Token::issue(): Argument #4 ($data) is too large: the token would be %d bytes, more than 65536: put less in data
nsp comma: ValueError: SocketIO\Token::issue(): Argument #6 ($nsp) must not contain ","
nsp array: TypeError: SocketIO\Token::issue(): Argument #6 ($nsp) must be of type string, array given
secret array: TypeError: SocketIO\Token::issue(): Argument #5 ($secret) must be of type string, array given
new Token: Error: Call to private SocketIO\Token::__construct() from global scope
unknown named: Error: Unknown named parameter $room
nsp '/' kept: /
