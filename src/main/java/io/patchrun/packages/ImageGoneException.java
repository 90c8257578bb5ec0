package io.patchrun.packages;

/** The engine has no image of that id (any more): it was pruned, or removed by hand. */
public class ImageGoneException extends RuntimeException {

    public ImageGoneException(String message) {
        super(message);
    }
}
