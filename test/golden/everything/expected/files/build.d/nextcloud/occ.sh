php occ maintenance:install
