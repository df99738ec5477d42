<?php

namespace App\Controllers;

use App\Models\PostModel;
use SocketIO\Exception as SocketIOException;

/**
 * The team feed: every user sees the posts of their team, admins see every team's posts, live.
 * Who may join which room is decided here, in PHP: the token lists the rooms, the companion
 * server only checks the signature.
 */
class Posts extends BaseController
{
    protected $helpers = ['socketio'];

    public function index()
    {
        $user = session()->get('user'); // e.g. ['id' => 12, 'name' => 'Ada', 'team_id' => 7, 'is_admin' => false]

        // #region token
        $rooms = ['team:' . $user['team_id']];
        if ($user['is_admin']) {
            $rooms[] = 'admin';
        }

        return view('posts/index', [
            'posts'         => model(PostModel::class)->visibleTo($user),
            'socketioUrl'   => config('SocketIO')->serverUrl,
            'socketioToken' => socketio_token($user['id'], $rooms),
        ]);
        // #endregion token
    }

    // #region post_message
    public function post_message()
    {
        $user = session()->get('user');
        $body = trim((string) $this->request->getPost('body'));
        if ($body === '') {
            return $this->response->setStatusCode(422)->setJSON(['error' => 'The post is empty.']);
        }

        $post = [
            'user_id' => $user['id'],
            'author'  => $user['name'],
            'team_id' => $user['team_id'],
            'body'    => $body,
        ];
        $post['id'] = model(PostModel::class)->insert($post);
        $html = view('posts/_post', ['post' => $post]);

        // The post is saved: from here on nothing may turn this request into an error page.
        // One emit reaches the poster's team and the admins (once each, even an admin of that
        // team), except the poster's own page, which shows the post from this response.
        try {
            $to = socketio()->to(['team:' . $post['team_id'], 'admin']);
            if (($sender = socketio_sender_id()) !== null) {
                $to = $to->except($sender);
            }
            $to->emit('new_post', ['id' => $post['id'], 'html' => $html]);
        } catch (SocketIOException $e) {
            log_message('error', 'Post {id} saved but not broadcast: {message}', ['id' => $post['id'], 'message' => $e->getMessage()]);
        }

        return $this->response->setJSON(['id' => $post['id'], 'html' => $html]);
    }
    // #endregion post_message
}
