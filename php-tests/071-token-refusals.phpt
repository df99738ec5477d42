--TEST--
Token::verify() refuses altered, foreign-algorithm, wrong-secret, expired, future and malformed tokens, each with its code and reason
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_token.php';
use SocketIO\Token;

$secret = 'an example secret of thirty-two+ bytes';
$hs256 = '{"alg":"HS256","typ":"JWT"}';
$claims = fn (array $c = []) => token_json($c + ['sub' => 'alice', 'iat' => time(), 'exp' => time() + 300, 'rooms' => ['team:1']]);
$good = Token::issue('alice', ['team:1'], 300, [], $secret);
[$h, $p, $s] = explode('.', $good);

token_refused('good', fn () => Token::verify($good, $secret));
token_refused('wrong secret', fn () => Token::verify($good, str_repeat('x', 32)));
// The payload re-encoded with one more room; the old signature kept.
$widened = token_b64(str_replace('["team:1"]', '["team:1","admin"]', token_unb64($p)));
token_refused('payload', fn () => Token::verify("$h.$widened.$s", $secret));
token_refused('header', fn () => Token::verify(token_b64('{"typ":"JWT","alg":"HS256"}') . ".$p.$s", $secret));
$sig = token_unb64($s);
$sig[5] = chr(ord($sig[5]) ^ 1);
token_refused('signature bit', fn () => Token::verify("$h.$p." . token_b64($sig), $secret));
token_refused('no signature', fn () => Token::verify("$h.$p.", $secret));
token_refused('signed by a forger', fn () => Token::verify(token_forge($hs256, $claims(['rooms' => ['admin']]), 'a guessed secret, also 32 bytes long'), $secret));

// Algorithms: refused before the signature is even looked at.
token_refused('alg none', fn () => Token::verify(token_b64('{"alg":"none","typ":"JWT"}') . ".$p.", $secret));
token_refused('alg HS512', fn () => Token::verify(token_forge('{"alg":"HS512"}', $claims(), $secret), $secret));
token_refused('alg missing', fn () => Token::verify(token_forge('{"typ":"JWT"}', $claims(), $secret), $secret));

// Times, with the 30 s leeway. The accepted ones lie 25 s inside it, and the refused ones can only
// move further out as time passes (the exact boundaries are tested with a fixed clock in crates/token).
token_refused('exp 5 s ago', fn () => Token::verify(token_forge($hs256, $claims(['iat' => time() - 100, 'exp' => time() - 5]), $secret), $secret));
token_refused('exp 90 s ago', fn () => Token::verify(token_forge($hs256, $claims(['iat' => time() - 200, 'exp' => time() - 90]), $secret), $secret));
token_refused('iat 5 s ahead', fn () => Token::verify(token_forge($hs256, $claims(['iat' => time() + 5]), $secret), $secret));
token_refused('iat 120 s ahead', fn () => Token::verify(token_forge($hs256, $claims(['iat' => time() + 120]), $secret), $secret));
token_refused('nbf 120 s ahead', fn () => Token::verify(token_forge($hs256, $claims(['nbf' => time() + 120]), $secret), $secret));

// Malformed.
token_refused('empty', fn () => Token::verify('', $secret));
token_refused('two parts', fn () => Token::verify("$h.$p", $secret));
token_refused('four parts', fn () => Token::verify("$h.$p.$s.x", $secret));
token_refused('padding', fn () => Token::verify("$h=.$p.$s", $secret));
token_refused('header not JSON', fn () => Token::verify(token_b64('alg') . ".$p.$s", $secret));
token_refused('binary', fn () => Token::verify("\xff.\xfe.\xfd", $secret));
token_refused('huge', fn () => Token::verify(str_repeat('a', 70000), $secret));
token_refused('rooms not a list', fn () => Token::verify(token_forge($hs256, $claims(['rooms' => 'admin']), $secret), $secret));
token_refused('sub missing', fn () => Token::verify(token_forge($hs256, token_json(['iat' => time(), 'exp' => time() + 9, 'rooms' => []]), $secret), $secret));
token_refused('iat a string', fn () => Token::verify(token_forge($hs256, $claims(['iat' => (string) time()]), $secret), $secret));
token_refused('duplicate sub', fn () => Token::verify(token_forge($hs256, '{"sub":"a","sub":"admin","iat":' . time() . ',"exp":' . (time() + 9) . ',"rooms":[]}', $secret), $secret));
token_refused('not a string', fn () => Token::verify([], $secret));
?>
--EXPECTF--
good: accepted
wrong secret: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
payload: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
header: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
signature bit: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
no signature: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
signed by a forger: SocketIO\TokenException SIGNATURE: the token signature does not match: it was altered, or signed with another secret
alg none: SocketIO\TokenException ALGORITHM: the token algorithm "none" is refused: only HS256 is accepted
alg HS512: SocketIO\TokenException ALGORITHM: the token algorithm "HS512" is refused: only HS256 is accepted
alg missing: SocketIO\TokenException ALGORITHM: the token header names no algorithm ("alg")
exp 5 s ago: accepted
exp 90 s ago: SocketIO\TokenException EXPIRED: the token expired %d s ago (exp %d, leeway 30 s): issue a new one
iat 5 s ahead: accepted
iat 120 s ahead: SocketIO\TokenException NOT_YET_VALID: the token was issued %d s in the future (iat %d, leeway 30 s): check the clocks of the issuing and verifying hosts
nbf 120 s ahead: SocketIO\TokenException NOT_YET_VALID: the token is not valid for another %d s (nbf %d, leeway 30 s)
empty: SocketIO\TokenException MALFORMED: the token is malformed: expected 3 base64url parts separated by ".", found 1
two parts: SocketIO\TokenException MALFORMED: the token is malformed: expected 3 base64url parts separated by ".", found 2
four parts: SocketIO\TokenException MALFORMED: the token is malformed: expected 3 base64url parts separated by ".", found 4
padding: SocketIO\TokenException MALFORMED: the token is malformed: its header is not base64url
header not JSON: SocketIO\TokenException MALFORMED: the token is malformed: its header is not JSON (unexpected character at byte 0)
binary: SocketIO\TokenException MALFORMED: the token is malformed: not ASCII
huge: SocketIO\TokenException MALFORMED: the token is malformed: 70000 bytes, more than 65536
rooms not a list: SocketIO\TokenException MALFORMED: the token claim "rooms" must be a list of strings and integers
sub missing: SocketIO\TokenException MALFORMED: the token claim "sub" is missing
iat a string: SocketIO\TokenException MALFORMED: the token claim "iat" must be an integer (seconds since the Unix epoch)
duplicate sub: SocketIO\TokenException MALFORMED: the token is malformed: its payload is not JSON (duplicate member name at byte 11)
not a string: TypeError: SocketIO\Token::verify(): Argument #1 ($token) must be of type string, array given
