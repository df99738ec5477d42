<?php

namespace App\Controllers;

/**
 * A STAND-IN FOR YOUR AUTH, for trying the example only: /login/1, /login/2 and /login/3 log
 * in as one of three demo users, without a password. Replace it with your app's login, which
 * must put the same keys into the session's `user`: id, name, team_id and is_admin (the feed
 * decides the Socket.IO rooms from team_id and is_admin).
 */
class Login extends BaseController
{
    private const DEMO_USERS = [
        1 => ['id' => 1, 'name' => 'Ada', 'team_id' => 1, 'is_admin' => false],
        2 => ['id' => 2, 'name' => 'Bob', 'team_id' => 2, 'is_admin' => false],
        3 => ['id' => 3, 'name' => 'Root', 'team_id' => 1, 'is_admin' => true],
    ];

    public function demo($id)
    {
        $user = self::DEMO_USERS[(int) $id] ?? null;
        if ($user === null) {
            return $this->response->setStatusCode(404)->setBody('No demo user ' . (int) $id . ': try /login/1, 2 or 3.');
        }
        session()->set('user', $user);

        return redirect()->to(site_url('posts'));
    }
}
