package org.tellonce.core.resident;

import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;

/** What the resident's pages read. */
public interface ResidentStore {
    Optional<StoredStory> load(Reference reference);
}
