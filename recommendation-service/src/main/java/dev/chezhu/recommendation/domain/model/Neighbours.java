package dev.chezhu.recommendation.domain.model;

/** An item's most similar items, most similar first. */
public record Neighbours(String[] items, float[] similarities) {

    public static final Neighbours NONE = new Neighbours(new String[0], new float[0]);

    public int size() {
        return items.length;
    }

    public float similarityTo(String item) {
        for (int i = 0; i < items.length; i++) {
            if (items[i].equals(item)) {
                return similarities[i];
            }
        }
        return 0;
    }
}
