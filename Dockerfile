# trellis in a small container image: a static binary on a distroless base,
# run on a site folder mounted at /site.
#
#   docker build -t trellis .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" trellis build
#
# The release images are made by GoReleaser from release.Dockerfile, which
# copies the binary GoReleaser built instead of compiling it here; the final
# stage of both files is the same.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version trellis version prints, such as v1.2.0.
ARG VERSION=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/trellis ./cmd/trellis

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/trellis /usr/local/bin/trellis
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/trellis"]
CMD ["build"]
