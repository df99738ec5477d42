<?php
// What a CodeIgniter 4 `post_message` action does once the post is saved: push it live to the
// poster's team room and to the admin room, in one call (a socket in both rooms gets one copy).
// Run by scripts/demo.sh; the Redis URL comes from SOCKETIO_URL.

final class Posts
{
    public function __construct(private SocketIO\Emitter $io) {}

    public function post_message(int $userId, int $teamId, string $body): array
    {
        $post = [
            'id'         => random_int(1000, 9999),
            'user_id'    => $userId,
            'team_id'    => $teamId,
            'body'       => $body,
            'created_at' => new DateTimeImmutable(),
        ];
        // ... $this->postModel->insert($post) would go here; the demo saves nothing.

        $servers = $this->io->to(["team-$teamId", 'admin'])->emit('new_post', $post);

        return ['status' => 'ok', 'post_id' => $post['id'], 'socketio_servers' => $servers];
    }
}

$io = new SocketIO\Emitter(getenv('SOCKETIO_URL') ?: null);
$response = (new Posts($io))->post_message(userId: 12, teamId: 7, body: 'Hello team 7 — and the admins 👋');
echo json_encode($response, JSON_UNESCAPED_UNICODE), "\n";
