package dev.chezhu.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of the end-to-end platform's Redis database, with every value it holds (strings, hash
 * fields and values, list/set/sorted-set members, stream entry fields), as raw bytes. A minimal
 * RESP2 client over a socket: the tests stay a pure client with no Redis library, and binary values
 * (protobuf event payloads, gzip'd models) are searched byte for byte.
 */
final class RedisScan implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisScan() throws IOException {
        socket = new Socket("127.0.0.1", Integer.getInteger("chezhu.e2e.redis-port", 6379));
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        command("SELECT", System.getProperty("chezhu.e2e.redis-db", "3"));
    }

    /** Key name → every byte string stored under it (the key itself first). */
    record Entry(String key, String type, List<byte[]> contents) {
    }

    List<Entry> all() throws IOException {
        List<Entry> entries = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) command("SCAN", cursor, "COUNT", "1000");
            cursor = text(page.get(0));
            for (Object key : (List<?>) page.get(1)) {
                String name = text(key);
                String type = text(command("TYPE", name));
                List<byte[]> contents = new ArrayList<>();
                contents.add((byte[]) key);
                switch (type) {
                    case "string" -> add(contents, command("GET", name));
                    case "hash" -> add(contents, command("HGETALL", name));
                    case "list" -> add(contents, command("LRANGE", name, "0", "-1"));
                    case "set" -> add(contents, command("SMEMBERS", name));
                    case "zset" -> add(contents, command("ZRANGE", name, "0", "-1"));
                    case "stream" -> add(contents, command("XRANGE", name, "-", "+"));
                    default -> {
                    }
                }
                entries.add(new Entry(name, type, contents));
            }
        } while (!cursor.equals("0"));
        return entries;
    }

    private static void add(List<byte[]> contents, Object reply) {
        if (reply instanceof byte[] bytes) {
            contents.add(bytes);
        } else if (reply instanceof List<?> list) {
            list.forEach(item -> add(contents, item));
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    Object command(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(bytes);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line.getBytes(StandardCharsets.UTF_8);
            case '-' -> throw new IOException("Redis: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                in.readNBytes(2);
                yield bytes;
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IOException("unexpected RESP type " + (char) type);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
