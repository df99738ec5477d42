<?php

namespace App\Models;

use CodeIgniter\Model;

/**
 * posts(id, user_id, author, team_id, body, created_at, updated_at), created by
 * Database/Migrations/2026-01-01-000000_CreatePosts.php. The example needs only insert() and
 * the query below.
 */
class PostModel extends Model
{
    protected $table         = 'posts';
    protected $returnType    = 'array';
    protected $allowedFields = ['user_id', 'author', 'team_id', 'body'];
    protected $useTimestamps = true;

    /** The newest posts this user may read: their team's, or every team's for an admin. */
    public function visibleTo(array $user, int $limit = 50): array
    {
        $query = $this->orderBy('id', 'DESC')->limit($limit);
        if (! $user['is_admin']) {
            $query = $query->where('team_id', $user['team_id']);
        }

        return $query->findAll();
    }
}
