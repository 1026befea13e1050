"""SQLAlchemy models of the image service's tables, Glance's schema in small.

They have a declarative base of their own: the image API's alembic chain
(``minova/image_api/migrations``) creates them, apart from the compute
chain's history. Deleted images keep their row
(``deleted`` true, status ``deleted``) so an id is never handed out twice.
"""

from oslo_utils import timeutils
from sqlalchemy import (BigInteger, Boolean, Column, DateTime, ForeignKey,
                        Index, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Image(Base):
    __tablename__ = 'images'
    __table_args__ = (
        Index('ix_images_owner', 'owner'),
        Index('ix_images_visibility', 'visibility'),
        Index('ix_images_deleted_status', 'deleted', 'status'),
        Index('ix_images_name', 'name'),
    )
    id = Column(String(36), primary_key=True)
    name = Column(String(255))
    disk_format = Column(String(20))
    container_format = Column(String(20))
    size = Column(BigInteger)
    virtual_size = Column(BigInteger)
    status = Column(String(30), nullable=False)
    visibility = Column(String(20), nullable=False)
    checksum = Column(String(32))
    os_hash_algo = Column(String(64))
    os_hash_value = Column(String(128))
    min_disk = Column(Integer, nullable=False, default=0)
    min_ram = Column(Integer, nullable=False, default=0)
    owner = Column(String(255))
    protected = Column(Boolean, nullable=False, default=False)
    os_hidden = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=timeutils.utcnow)
    updated_at = Column(DateTime, onupdate=timeutils.utcnow)
    deleted_at = Column(DateTime)
    deleted = Column(Boolean, nullable=False, default=False)

    properties = relationship('ImageProperty', lazy='selectin',
                              cascade='all, delete-orphan')
    tags = relationship('ImageTag', lazy='selectin',
                        cascade='all, delete-orphan')


class ImageProperty(Base):
    """A free-form key/value: kernel_id, ramdisk_id, hw_*, os_*, ..."""

    __tablename__ = 'image_properties'
    __table_args__ = (UniqueConstraint('image_id', 'name',
                                       name='uniq_image_properties0image_id'
                                            '0name'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    image_id = Column(String(36), ForeignKey('images.id'), nullable=False)
    name = Column(String(255), nullable=False)
    value = Column(Text)


class ImageTag(Base):
    __tablename__ = 'image_tags'
    __table_args__ = (UniqueConstraint('image_id', 'value',
                                       name='uniq_image_tags0image_id0value'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    image_id = Column(String(36), ForeignKey('images.id'), nullable=False)
    value = Column(String(255), nullable=False)
