<?php

namespace App\Controllers;

/**
 * The team feed: every user sees the posts of their team, admins see every team's posts, live.
 * Who may join which room is decided here, in PHP: the token lists the rooms, the companion
 * server only checks the signature.
 */
class Posts extends BaseController
{
    // #region post_message
    // CodeIgniter loads no helper by itself: this defines socketio(), socketio_token() and
    // socketio_sender_id() for every method of this controller.
    protected $helpers = ['socketio'];

    public function post_message()
    {
        $user = session()->get('user');
        $body = trim((string) $this->request->getPost('body'));
        if ($user === null || $body === '') {
            return $this->response->setStatusCode(422)->setJSON(['error' => 'Log in and write something.']);
        }

        $post = [
            'user_id' => $user['id'],
            'author'  => $user['name'],
            'team_id' => $user['team_id'],
            'body'    => $body,
        ];
        $post['id'] = model(\App\Models\PostModel::class)->insert($post);
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
        } catch (\SocketIO\Exception $e) { // fully qualified: no `use` line needed
            log_message('error', 'Post {id} saved but not broadcast: {message}', ['id' => $post['id'], 'message' => $e->getMessage()]);
        }

        return $this->response->setJSON(['id' => $post['id'], 'html' => $html]);
    }
    // #endregion post_message

    public function index()
    {
        // Set at login (see Login.php): ['id' => 12, 'name' => 'Ada', 'team_id' => 7, 'is_admin' => false]
        $user = session()->get('user');
        if ($user === null) {
            return 'Not logged in: open ' . site_url('login/1') . ' (Ada), login/2 (Bob) or login/3 (Root).';
        }

        // #region token
        $rooms = ['team:' . $user['team_id']];
        if ($user['is_admin']) {
            $rooms[] = 'admin';
        }

        return view('posts/index', [
            'posts'         => model(\App\Models\PostModel::class)->visibleTo($user),
            'socketioUrl'   => config('SocketIO')->serverUrl,
            'socketioToken' => socketio_token($user['id'], $rooms),
        ]);
        // #endregion token
    }
}
