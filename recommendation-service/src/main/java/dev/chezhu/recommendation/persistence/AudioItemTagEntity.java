package dev.chezhu.recommendation.persistence;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "audio_item_tag")
@IdClass(AudioItemTagEntity.Key.class)
public class AudioItemTagEntity {

    @Id
    @Column(name = "item_id")
    public String itemId;

    @Id
    public String tag;

    public static class Key implements Serializable {
        public String itemId;
        public String tag;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(itemId, key.itemId) && Objects.equals(tag, key.tag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(itemId, tag);
        }
    }
}
