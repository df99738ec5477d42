<?php
// Emits to the user room of examples/streams/server.mjs's clients; prints the entry id.
// Run by e2e/test/streams-example.test.mjs as written (REDIS_URL from the environment).

// #region emit
$io = new SocketIO\Emitter(getenv('REDIS_URL') ?: 'redis://127.0.0.1:6379', [
    'adapter' => 'streams',       // @socket.io/redis-streams-adapter 0.3.x or 0.2.x
    'stream_name' => 'socket.io', // the servers' streamName (default)
    'max_len' => 10000,           // their maxLen (default)
]);
$id = $io->to('user:42')->emit('notification', ['text' => 'Your order has shipped']);
// $id is the stream entry id, e.g. "1796182540969-0": the offset the client records
// #endregion

echo $id, "\n";
