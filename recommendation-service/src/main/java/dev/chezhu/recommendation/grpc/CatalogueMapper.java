package dev.chezhu.recommendation.grpc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.chezhu.recommendation.domain.Catalogue;
import dev.chezhu.recommendation.domain.CatalogueCommands;
import dev.chezhu.recommendation.domain.CatalogueItem;
import dev.chezhu.recommendation.domain.ResourceNames;
import dev.chezhu.recommendation.v1.AudioItem;
import dev.chezhu.recommendation.v1.AudioKind;
import dev.chezhu.recommendation.v1.CreateAudioItemRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsRequest;
import dev.chezhu.recommendation.v1.UpdateAudioItemRequest;

/** Catalogue wire types ↔ domain types. */
final class CatalogueMapper {

    private CatalogueMapper() {
    }

    static CatalogueCommands.Create toCommand(CreateAudioItemRequest request) {
        return new CatalogueCommands.Create(request.getRequestId(), request.getAudioItemId(), request.hasAudioItem(),
                fields(request.getAudioItem()));
    }

    static CatalogueCommands.Update toCommand(UpdateAudioItemRequest request) {
        Set<String> mask = new LinkedHashSet<>(request.getUpdateMask().getPathsList());
        return new CatalogueCommands.Update(request.getAudioItem().getName(), request.hasAudioItem(),
                fields(request.getAudioItem()), mask, request.getAudioItem().getEtag());
    }

    static CatalogueCommands.ListPage toCommand(ListAudioItemsRequest request) {
        return new CatalogueCommands.ListPage(request.getPageSize(), request.getPageToken(), request.getShowRetired(),
                request.getProvider());
    }

    private static CatalogueCommands.ItemFields fields(AudioItem item) {
        return new CatalogueCommands.ItemFields(item.getTitle(), kind(item.getKind()), List.copyOf(item.getTagsList()),
                item.getLanguage(), item.hasDuration() ? RecommendationMapper.toDomain(item.getDuration()) : null,
                item.getProvider(), item.getExplicit(), item.getEditorialRank());
    }

    /** Null for UNSPECIFIED and unknown numbers: refused by validation. */
    static dev.chezhu.recommendation.domain.AudioKind kind(AudioKind kind) {
        return switch (kind) {
            case AUDIO_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
            default -> dev.chezhu.recommendation.domain.AudioKind.valueOf(kind.name().substring("AUDIO_KIND_".length()));
        };
    }

    static AudioItem toWire(CatalogueItem item) {
        AudioItem.Builder wire = AudioItem.newBuilder()
                .setName(ResourceNames.ITEMS + item.id())
                .setItemId(item.id())
                .setTitle(item.title())
                .setKind(AudioKind.valueOf("AUDIO_KIND_" + item.kind().name()))
                .addAllTags(item.tags())
                .setLanguage(item.language())
                .setDuration(RecommendationMapper.duration(item.duration()))
                .setProvider(item.provider())
                .setExplicit(item.explicit())
                .setRetired(item.retired())
                .setEditorialRank(item.editorialRank() == null ? 0 : item.editorialRank())
                .setEtag(Catalogue.etag(item.version()));
        if (item.createdAt() != null) {
            wire.setCreateTime(RecommendationMapper.timestamp(item.createdAt()));
        }
        if (item.updatedAt() != null) {
            wire.setUpdateTime(RecommendationMapper.timestamp(item.updatedAt()));
        }
        return wire.build();
    }
}
