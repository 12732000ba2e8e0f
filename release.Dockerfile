# The release image, built by GoReleaser (dockers_v2 in .goreleaser.yaml) for
# each platform from the binary it built: see Dockerfile for how to use it.
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/trellis /usr/local/bin/trellis
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/trellis"]
CMD ["build"]
