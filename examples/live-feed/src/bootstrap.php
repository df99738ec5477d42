<?php
// The live feed: a small plain-PHP app (no framework) showing the whole real-time path of the
// socketio extension: PHP decides who may see what (team rooms, an admin room), hands the page a
// signed token for exactly those rooms, saves a post and pushes the rendered partial to the rooms
// that may see it, in one emit, to everyone except the poster's own socket.
//
// Configuration (environment):
//   LIVE_FEED_DB            SQLite file (default: var/feed.sqlite next to this app)
//   SOCKETIO_PUBLIC_URL     where browsers reach the companion Socket.IO server (default http://127.0.0.1:3000)
// and php.ini: socketio.url (the Redis the companion server uses), socketio.secret (the token
// secret the companion server has in SOCKETIO_SECRET / --secret-file).

declare(strict_types=1);

namespace LiveFeed;

require __DIR__ . '/Users.php';
require __DIR__ . '/Posts.php';
require __DIR__ . '/Realtime.php';
require __DIR__ . '/View.php';

const APP_DIR = __DIR__ . '/..';

function config(): array
{
    return [
        'db' => getenv('LIVE_FEED_DB') ?: APP_DIR . '/var/feed.sqlite',
        'socket_url' => getenv('SOCKETIO_PUBLIC_URL') ?: 'http://127.0.0.1:3000',
    ];
}

function session(): void
{
    if (session_status() !== PHP_SESSION_ACTIVE) {
        session_name('livefeed');
        session_start(['cookie_httponly' => true, 'cookie_samesite' => 'Lax', 'use_strict_mode' => true]);
    }
}

/** The logged-in user, or null. */
function current_user(): ?array
{
    session();
    return Users::find($_SESSION['user'] ?? '');
}

/** A per-session token that every POST must echo (X-CSRF-Token), so other sites cannot post. */
function csrf_token(): string
{
    session();
    return $_SESSION['csrf'] ??= bin2hex(random_bytes(16));
}

function json_response(array $body, int $status = 200): void
{
    http_response_code($status);
    header('Content-Type: application/json; charset=utf-8');
    header('Cache-Control: no-store');
    echo json_encode($body, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}
