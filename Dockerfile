# Calepin's servers (gis-server on 8080, tile-server on 3000) in one image, for people who
# have Docker: `docker compose up` (compose.yaml) adds PostgreSQL + PostGIS and Redis beside it.
# The same scripts as `npm start` run inside, with DATABASE_URL set, so no local cluster.
FROM node:20-bookworm

WORKDIR /calepin
# System packages first (GDAL, and what builds gdal-async against it).
COPY scripts/system-packages.sh scripts/
RUN DATABASE_URL=external bash scripts/system-packages.sh && rm -rf /var/lib/apt/lists/*

COPY package.json package-lock.json .npmrc ./
COPY core/package.json core/
COPY sql/package.json sql/
COPY gis-server/package.json gis-server/
COPY tile-server/package.json tile-server/
COPY data-fixtures/package.json data-fixtures/
COPY map-kit/package.json map-kit/
COPY web/package.json web/
COPY field/package.json field/
RUN npm ci

COPY . .
# The install stamp and the web and field builds are made here, so `npm start` finds them done.
RUN bash scripts/npm-deps.sh && bash scripts/build-web.sh && bash scripts/build-field.sh

ENV HOST=0.0.0.0 \
    CALEPIN_DATA_DIR=/calepin/.data
EXPOSE 8080
VOLUME /calepin/.data
CMD ["npm", "start"]
