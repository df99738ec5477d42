<?php
// Everything the live feed asks of the socketio extension, in one place: a token for the page
// (the rooms PHP grants this user) and one emit per saved post (every room allowed to see it,
// minus the poster's own socket, which shows the post from its HTTP response instead).

declare(strict_types=1);

namespace LiveFeed;

use SocketIO\Emitter;
use SocketIO\Token;

final class Realtime
{
    /**
     * The token the page connects with: its user's rooms, valid for 5 minutes (the page fetches
     * a new one from /token when it reconnects later). Signed with socketio.secret from php.ini.
     */
    public static function token(array $user): string
    {
        // #region token
        // $user = ['id' => 3, 'team' => 1, 'admin' => true, ...]; rooms: ['team:1', 'admin']
        return Token::issue($user['id'], Users::rooms($user), 300, ['name' => $user['name']]);
        // #endregion token
    }

    /**
     * Pushes a saved post to its team's room and to `admin` in ONE emit (a socket in both rooms,
     * like the admin of that team, gets it once), except the socket that posted it.
     * The post is saved whatever happens here: a Redis outage is logged and reported as
     * `false`, never turned into a failed request.
     */
    public static function publish(array $post, string $html, ?string $exceptSocketId): bool
    {
        // #region publish
        try {
            $io = new Emitter();   // socketio.url from php.ini
            $to = $io->to(['team:' . $post['team'], 'admin']);
            if ($exceptSocketId !== null) {
                $to = $to->except($exceptSocketId);   // the poster's socket (X-Socket-ID)
            }
            $to->emit('new_post', ['id' => $post['id'], 'team' => $post['team'], 'html' => $html]);
            return true;
        } catch (\SocketIO\Exception $e) {
            // The post is saved: log, and let the request succeed.
            error_log(sprintf('live-feed: post %d saved but not pushed live: %s', $post['id'], $e->getMessage()));
            return false;
        }
        // #endregion publish
    }

    /**
     * The poster's socket id from the X-Socket-ID header (as Laravel's toOthers() uses it), or
     * null when absent or not shaped like a Socket.IO id (then nobody is excluded).
     */
    public static function socketIdFrom(?string $header): ?string
    {
        return $header !== null && preg_match('/^[A-Za-z0-9_-]{20}$/', $header) === 1 ? $header : null;
    }
}
