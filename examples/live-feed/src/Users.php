<?php
// Three fixed accounts, as in the seed: two teams and an admin who belongs to team 1. A real app
// has a users table; what matters here is that PHP, not the browser, decides the rooms.

declare(strict_types=1);

namespace LiveFeed;

final class Users
{
    private const USERS = [
        'team1' => ['login' => 'team1', 'id' => 1, 'name' => 'Ana', 'team' => 1, 'admin' => false],
        'team2' => ['login' => 'team2', 'id' => 2, 'name' => 'Bo', 'team' => 2, 'admin' => false],
        'admin' => ['login' => 'admin', 'id' => 3, 'name' => 'Cy', 'team' => 1, 'admin' => true],
    ];

    public static function find(string $login): ?array
    {
        return self::USERS[$login] ?? null;
    }

    /** @return array<string, array> */
    public static function all(): array
    {
        return self::USERS;
    }

    /** The Socket.IO rooms this user may be in: the team's room, and `admin` for admins. */
    public static function rooms(array $user): array
    {
        $rooms = ['team:' . $user['team']];
        if ($user['admin']) {
            $rooms[] = 'admin';
        }
        return $rooms;
    }

    /** Who may see a post of `team`: that team's members and every admin. */
    public static function canSee(array $user, int $team): bool
    {
        return $user['admin'] || $user['team'] === $team;
    }
}
