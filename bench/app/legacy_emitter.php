<?php
// Stand-in for the pure-PHP Socket.IO emitters (rase/ashiina lineage), reduced to what one emit
// costs: options merged in the constructor, a Predis client created by the emitter, mutable room
// and flag state reset after each emit, the packet built from func_get_args(), msgpack_pack, and
// one PUBLISH (room channel for one room, namespace channel otherwise).
final class LegacyEmitter
{
    private const UID = 'emitter';
    private const EVENT = 2;

    private $client;
    private $key;
    private $nsp = '/';
    private $rooms = [];
    private $flags = [];

    public function __construct(array $opts = [])
    {
        $opts = array_merge(['host' => '127.0.0.1', 'port' => 6379, 'key' => 'socket.io'], $opts);
        $this->key = $opts['key'];
        $this->client = new Predis\Client([
            'scheme' => 'tcp',
            'host' => $opts['host'],
            'port' => $opts['port'],
        ]);
    }

    public function to($room): self
    {
        if (!in_array($room, $this->rooms, true)) {
            $this->rooms[] = $room;
        }
        return $this;
    }

    public function emit(): int
    {
        $packet = ['type' => self::EVENT, 'data' => func_get_args(), 'nsp' => $this->nsp];
        $opts = ['rooms' => $this->rooms, 'flags' => $this->flags, 'except' => []];
        $channel = $this->key . '#' . $this->nsp . '#';
        if (count($this->rooms) === 1) {
            $channel .= $this->rooms[0] . '#';
        }
        $n = $this->client->publish($channel, msgpack_pack([self::UID, $packet, $opts]));
        $this->rooms = [];
        $this->flags = [];
        return (int) $n;
    }
}
