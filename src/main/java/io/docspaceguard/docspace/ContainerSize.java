package io.docspaceguard.docspace;

/** What a folder or room holds in its whole subtree, as DocSpace counts it ({@code filesCount}, {@code foldersCount}). */
public record ContainerSize(int files, int folders) {
}
