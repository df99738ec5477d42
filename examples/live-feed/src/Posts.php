<?php
// Posts in SQLite through PDO. One table; the id orders posts and lets a page ask for what it
// missed ("after id N") when its socket (re)connects.

declare(strict_types=1);

namespace LiveFeed;

use PDO;

final class Posts
{
    private PDO $db;

    public function __construct(string $path)
    {
        $dir = dirname($path);
        if (!is_dir($dir)) {
            mkdir($dir, 0770, true);
        }
        $this->db = new PDO('sqlite:' . $path, null, null, [
            PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
            PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
        ]);
        // Several php -S / php-fpm workers write at once: wait for the lock instead of failing.
        $this->db->exec('PRAGMA busy_timeout = 5000');
        $this->db->exec('CREATE TABLE IF NOT EXISTS posts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            team INTEGER NOT NULL,
            author TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )');
    }

    public function add(array $user, string $body): array
    {
        $post = [
            'team' => $user['team'],
            'author' => $user['name'],
            'body' => $body,
            'created_at' => gmdate('Y-m-d\TH:i:s\Z'),
        ];
        $stmt = $this->db->prepare(
            'INSERT INTO posts (team, author, body, created_at) VALUES (:team, :author, :body, :created_at)'
        );
        $stmt->execute($post);
        return ['id' => (int) $this->db->lastInsertId()] + $post;
    }

    /** The posts `user` may see with an id above `afterId`, oldest first. */
    public function visibleTo(array $user, int $afterId = 0, int $limit = 100): array
    {
        $sql = 'SELECT id, team, author, body, created_at FROM posts WHERE id > :after';
        $params = ['after' => $afterId];
        if (!$user['admin']) {
            $sql .= ' AND team = :team';
            $params['team'] = $user['team'];
        }
        $stmt = $this->db->prepare($sql . ' ORDER BY id DESC LIMIT ' . $limit);
        $stmt->execute($params);
        $rows = array_reverse($stmt->fetchAll());
        foreach ($rows as &$row) {
            $row['id'] = (int) $row['id'];
            $row['team'] = (int) $row['team'];
        }
        return $rows;
    }
}
