package dev.chezhu.recommendation.domain.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** A model snapshot as one compact binary value (gzip), for Redis. */
public final class ModelCodec {

    private static final int FORMAT = 1;

    private ModelCodec() {
    }

    public static byte[] encode(ModelSnapshot model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeUTF(model.version());
            out.writeLong(model.trainedAt().toEpochMilli());
            out.writeInt(model.neighbours().size());
            for (Map.Entry<String, Neighbours> entry : model.neighbours().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().size());
                for (int i = 0; i < entry.getValue().size(); i++) {
                    out.writeUTF(entry.getValue().items()[i]);
                    out.writeFloat(entry.getValue().similarities()[i]);
                }
            }
            writeDoubles(out, model.popularity());
            writeDoubles(out, model.trending());
            out.writeInt(model.segmentScores().size());
            for (Map.Entry<String, Map<String, Double>> entry : model.segmentScores().entrySet()) {
                out.writeUTF(entry.getKey());
                writeDoubles(out, entry.getValue());
            }
            writeInts(out, model.segmentSupport());
            writeDoubles(out, model.contextRates());
            writeDoubles(out, model.contextLifts());
            writeInts(out, model.itemSupport());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ModelSnapshot decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(data)))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown model format " + format);
            }
            String version = in.readUTF();
            Instant trainedAt = Instant.ofEpochMilli(in.readLong());
            int items = in.readInt();
            Map<String, Neighbours> neighbours = new HashMap<>(items * 2);
            for (int i = 0; i < items; i++) {
                String item = in.readUTF();
                int size = in.readInt();
                String[] ids = new String[size];
                float[] sims = new float[size];
                for (int k = 0; k < size; k++) {
                    ids[k] = in.readUTF();
                    sims[k] = in.readFloat();
                }
                neighbours.put(item, new Neighbours(ids, sims));
            }
            Map<String, Double> popularity = readDoubles(in);
            Map<String, Double> trending = readDoubles(in);
            int segments = in.readInt();
            Map<String, Map<String, Double>> segmentScores = new HashMap<>();
            for (int i = 0; i < segments; i++) {
                segmentScores.put(in.readUTF(), readDoubles(in));
            }
            return new ModelSnapshot(version, trainedAt, neighbours, popularity, trending, segmentScores, readInts(in),
                    readDoubles(in), readDoubles(in), readInts(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDoubles(DataOutputStream out, Map<String, Double> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeDouble(entry.getValue());
        }
    }

    private static Map<String, Double> readDoubles(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Double> values = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            values.put(in.readUTF(), in.readDouble());
        }
        return values;
    }

    private static void writeInts(DataOutputStream out, Map<String, Integer> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, Integer> entry : values.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue());
        }
    }

    private static Map<String, Integer> readInts(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Integer> values = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            values.put(in.readUTF(), in.readInt());
        }
        return values;
    }
}
